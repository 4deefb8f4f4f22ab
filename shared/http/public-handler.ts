/**
 * `publicHttpHandler`: the same middleware chain as `httpHandler` for routes that never read a token
 * (`auth: 'none'`: /v1 health, config, sign-up, sign-in; the Mastodon surface's discovery and OAuth routes).
 * Its dialect has no token verifier, so these bundles carry no key set, jose or KMS client
 * (docs/performance.md); the bundle test checks it.
 */
import { type ApiHandler, buildHttpHandler, type RouteInput } from './chain';
import type { Authenticator, HttpDialect } from './dialect';
import { errorReply } from './error-mapper';
import { jsonRequestReader, type RequestSchemas } from './request-parser';
import type { Reply } from './responses';

/**
 * How a surface reads requests and shapes errors, without authentication: a public route has no caller, so
 * whatever dialect it speaks brings no verifier into its bundle.
 */
export type PublicDialect = Omit<HttpDialect, 'authenticate'>;

const publicV1Dialect: PublicDialect = { reader: jsonRequestReader, errorReply };

// The chain asks only for auth mode 'none', which never authenticates.
const noCaller: Authenticator = async () => undefined;

export function publicHttpHandler<S extends RequestSchemas = Record<string, never>>(
  options: { schemas?: S; dialect?: PublicDialect },
  route: (input: RouteInput<S, 'none'>) => Promise<Reply>,
): ApiHandler {
  const dialect = { ...(options.dialect ?? publicV1Dialect), authenticate: noCaller };
  return buildHttpHandler(dialect, { schemas: options.schemas, auth: 'none' }, route);
}
