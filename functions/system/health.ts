import { publicHttpHandler } from '#shared/http/public-handler';
import { ok } from '#shared/http/responses';

/** Liveness only: it touches no dependency, so it answers even when DynamoDB is unreachable. */
export const handler = publicHttpHandler({}, async () => ok({ status: 'ok' }));
