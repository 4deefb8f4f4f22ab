/**
 * `httpHandler`: the middleware chain (shared/http/chain.ts) for a /v1 route, or for another surface's dialect.
 * It brings the /v1 token verifier (jose and the key set's table read); a route with `auth: 'none'` that never
 * reads a token uses `publicHttpHandler` (shared/http/public-handler.ts) instead.
 */
import type { AuthMode } from './authenticate';
import { type ApiHandler, buildHttpHandler, type RouteInput, type RouteOptions } from './chain';
import { v1Dialect } from './dialect';
import type { RequestSchemas } from './request-parser';
import type { Reply } from './responses';

export {
  type ApiHandler,
  type RouteContract,
  type RouteInput,
  type RouteOptions,
  routeContract,
} from './chain';

export function httpHandler<S extends RequestSchemas = Record<string, never>, M extends AuthMode = 'none'>(
  options: RouteOptions<S> & { auth?: M },
  route: (input: RouteInput<S, M>) => Promise<Reply>,
): ApiHandler {
  return buildHttpHandler(options.dialect ?? v1Dialect, options, route);
}
