/**
 * `publicHttpHandler`: the same middleware chain as `httpHandler` for /v1 routes that never read a token
 * (`auth: 'none'`: health, config, sign-up, sign-in). Its dialect has no token verifier, so these bundles carry
 * no key set, jose or KMS client (docs/performance.md); the bundle test checks it.
 */
import { type ApiHandler, buildHttpHandler, type RouteInput } from './chain';
import type { HttpDialect } from './dialect';
import { errorReply } from './error-mapper';
import { jsonRequestReader, type RequestSchemas } from './request-parser';
import type { Reply } from './responses';

const publicV1Dialect: HttpDialect = {
  reader: jsonRequestReader,
  // The chain asks only for auth mode 'none', which never authenticates.
  authenticate: async () => undefined,
  errorReply,
};

export function publicHttpHandler<S extends RequestSchemas = Record<string, never>>(
  options: { schemas?: S },
  route: (input: RouteInput<S, 'none'>) => Promise<Reply>,
): ApiHandler {
  return buildHttpHandler(publicV1Dialect, { ...options, auth: 'none' }, route);
}
