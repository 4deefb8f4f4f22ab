import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';

/** Liveness only: it touches no dependency, so it answers even when DynamoDB is unreachable. */
export const handler = httpHandler({}, async () => ok({ status: 'ok' }));
