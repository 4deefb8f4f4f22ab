/**
 * The one middleware chain every HTTP route uses, in order: logger context (correlation id = API Gateway
 * request id) → metrics flush → header normaliser → security headers → CORS → error mapper (registered last
 * among the middlewares, so it sees every failure below it) → the handler body: the origin check (CloudFront's
 * secret header, AWS only), then authentication (an anonymous caller of a protected route learns nothing about
 * its body rules), then body limit, JSON parse and zod validation, then the route, whose Reply becomes the API
 * Gateway result. The route's schemas and auth mode are attached to the handler as its contract, read by
 * tools/openapi.ts and checked against the catalog.
 *
 * Routes build it through `httpHandler` (shared/http/handler.ts, /v1 with token verification) or
 * `publicHttpHandler` (shared/http/public-handler.ts, routes that never read a token): the dialect, and with it
 * the token verifier, is chosen by which of the two a handler imports, so a route that never authenticates
 * bundles no key set, jose or KMS client.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { config } from '#shared/config';
import type { Identity } from '#shared/domain/identity';
import { flushMetrics, logger } from '#shared/observability';
import type { AuthMode } from './authenticate';
import { CORS_POLICY } from './cors';
import type { HttpDialect } from './dialect';
import { checkEdge } from './edge';
import { errorMapper } from './error-mapper';
import { type ParsedRequest, parseRequest, type RequestSchemas } from './request-parser';
import { type Reply, toApiGatewayResult } from './responses';
import { securityHeaders } from './security-headers';

export interface RouteOptions<S extends RequestSchemas> {
  schemas?: S;
  /** 'required' answers 401 without a valid access token; 'optional' passes the identity when there is one. */
  auth?: AuthMode;
  /** How this surface reads requests, authenticates and shapes errors (httpHandler: /v1's by default). */
  dialect?: HttpDialect;
  /** The OAuth scope the route demands, for dialects with scoped tokens (the Mastodon surface). */
  scope?: string;
}

type Caller<M extends AuthMode | undefined> = M extends 'required' ? Identity : Identity | undefined;

export interface RouteInput<S extends RequestSchemas, M extends AuthMode | undefined>
  extends ParsedRequest<S> {
  caller: Caller<M>;
  /** The client's address (for per-IP rate limits): CloudFront's viewer address behind it, else API Gateway's. */
  sourceIp: string;
  requestId: string;
  headers: Readonly<Record<string, string | undefined>>;
  event: APIGatewayProxyEventV2;
  context: Context;
}

export type ApiHandler = middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/** What a route validates and demands, as declared to httpHandler: read by tools/openapi.ts, never at runtime. */
export interface RouteContract {
  readonly schemas: Readonly<RequestSchemas>;
  readonly auth: AuthMode;
}

/**
 * The contract attached by httpHandler, or undefined for anything else. Kept as a non-enumerable, read-only
 * property so the middy handler behaves exactly as before.
 */
export function routeContract(handler: unknown): RouteContract | undefined {
  if (typeof handler !== 'function') return undefined;
  const contract: unknown = Object.getOwnPropertyDescriptor(handler, CONTRACT)?.value;
  return isRouteContract(contract) ? contract : undefined;
}

const CONTRACT = 'contract';

function isRouteContract(value: unknown): value is RouteContract {
  return typeof value === 'object' && value !== null && 'schemas' in value && 'auth' in value;
}

/** The chain around one route, speaking `dialect`. */
export function buildHttpHandler<S extends RequestSchemas, M extends AuthMode>(
  dialect: HttpDialect,
  options: RouteOptions<S> & { auth?: M },
  route: (input: RouteInput<S, M>) => Promise<Reply>,
): ApiHandler {
  const schemas = options.schemas ?? ({} as S);
  const authMode: AuthMode = options.auth ?? 'none';
  const origins = config()
    .CORS_ALLOWED_ORIGINS.split(',')
    .map((origin) => origin.trim());

  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { correlationIdPath: 'requestContext.requestId', resetKeys: true }))
    .use({ after: flushMetrics, onError: flushMetrics })
    .use(httpHeaderNormalizer())
    .use(securityHeaders())
    .use(
      httpCors({
        origins,
        headers: CORS_POLICY.allowHeaders.join(','),
        methods: CORS_POLICY.allowMethods.join(','),
        exposeHeaders: CORS_POLICY.exposeHeaders.join(','),
        maxAge: CORS_POLICY.maxAgeSeconds,
      }),
    )
    .use(errorMapper(dialect.errorReply))
    .handler(async (event, context) => {
      const { clientIp } = checkEdge(event, config().ORIGIN_SECRET);
      // Who before what: an anonymous caller of a protected route learns nothing about its body rules.
      const caller = (await dialect.authenticate(event, authMode, options.scope)) as Caller<M>;
      const parsed = parseRequest(event, schemas, config().MAX_BODY_BYTES, dialect.reader);
      const reply = await route({
        ...parsed,
        caller,
        sourceIp: clientIp,
        requestId: event.requestContext?.requestId ?? context.awsRequestId,
        headers: event.headers,
        event,
        context,
      });
      return toApiGatewayResult(reply);
    });
  const contract: RouteContract = Object.freeze({ schemas: Object.freeze({ ...schemas }), auth: authMode });
  Object.defineProperty(handler, CONTRACT, { value: contract, enumerable: false, writable: false });
  return handler;
}
