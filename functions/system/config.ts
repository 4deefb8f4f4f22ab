import { config } from '#shared/config';
import { publicConfig } from '#shared/domain/public-config';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';

export const handler = httpHandler({}, async () =>
  ok(publicConfig({ maxBodyBytes: config().MAX_BODY_BYTES, rateLimits: config().RATE_LIMITS })),
);
