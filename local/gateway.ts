/**
 * The local API Gateway: a node:http server that routes each request like an HTTP API with payload format 2.0.
 * It matches the catalog's routes, builds the event, invokes the route's handler module in-process and writes
 * back what API Gateway would. CORS preflights are answered by the gateway, as API Gateway's `corsPreflight`
 * does in AWS (infra/stacks/api-stack.ts), and /_local/* routes serve the mail and SMS captures.
 *
 * It answers only requests addressed to this machine by a loopback name (Host: localhost, 127.0.0.1 or [::1]
 * with its port): a web page that rebinds its own DNS name to 127.0.0.1 would otherwise read /_local/mail with
 * the visitor's browser. /_local/* writes need a JSON content type, which a cross-site form cannot send without
 * a CORS preflight, so a page cannot make an SMS arrive either. Responses are gzipped as CloudFront would
 * (local/compression.ts).
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type HttpRoute, routeKey } from '#shared/catalog';
import { CORS_POLICY } from '#shared/http/cors';
import { buildHttpApiEvent, newRequestId, type RawHttpRequest } from './api-gateway-event';
import {
  gatewayMessage,
  type HttpResponse,
  internalServerError,
  MalformedLambdaResponseError,
  toHttpResponse,
} from './api-gateway-result';
import { compressForClient } from './compression';
import { type Invoke, LambdaTimeoutError } from './lambda-invoker';
import type { LocalRoute } from './local-routes';
import type { LocalLogger } from './log';
import { createRouteMatcher, type RouteMatch } from './route-matcher';
import type { StaticSite } from './static-site';

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export interface GatewayOptions {
  host: string;
  /** 0 = any free port. */
  port: number;
  routes: readonly HttpRoute[];
  localRoutes: readonly LocalRoute[];
  invoke: Invoke;
  logger: LocalLogger;
  /** Comma-separated allowed origins or '*', as CORS_ALLOWED_ORIGINS. */
  corsAllowedOrigins: string;
  /** Requests wait for this: the stack knows the handlers' environment only once the port is known. */
  ready?: Promise<unknown>;
  /** The web client, for GET/HEAD requests that no route matches (local/static-site.ts). */
  site?: StaticSite;
}

export interface Gateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

class PayloadTooLargeError extends Error {}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const routes = createRouteMatcher(options.routes);
  const locals = createRouteMatcher(options.localRoutes);
  const { logger } = options;

  const server = createServer((request, response) => {
    const started = performance.now();
    serve(request)
      .catch((error: unknown) => {
        logger.error('The gateway failed on a request', { error });
        return internalServerError();
      })
      .then((reply) => {
        write(response, compressForClient(reply, request.headers['accept-encoding']));
        const ms = Math.round(performance.now() - started);
        // The path only: query strings can carry secrets (the email-verification link's token).
        logger.info(`${request.method} ${pathOnly(request.url)} → ${reply.statusCode} (${ms} ms)`);
      });
  });

  async function serve(request: IncomingMessage): Promise<HttpResponse> {
    await options.ready;
    if (!isAllowedHost(request.headers.host, port(), options.host)) {
      return json(403, {
        error: {
          code: 'host_not_allowed',
          message: 'This local stack answers only localhost, 127.0.0.1 and [::1]',
        },
      });
    }
    const method = (request.method ?? 'GET').toUpperCase();
    const url = request.url ?? '/';
    const rawPath = url.split('?')[0] ?? '/';
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) return gatewayMessage(413, 'Request Entity Too Large');
      throw error;
    }

    const local = locals.match(method, rawPath);
    if (local) {
      if (method !== 'GET' && !isJson(request.headers['content-type'])) {
        return json(415, {
          error: { code: 'unsupported_media_type', message: 'Send /_local/* writes as application/json' },
        });
      }
      const reply = await local.route.handle({ query: new URLSearchParams(url.split('?')[1] ?? ''), body });
      return json(reply.statusCode, reply.body);
    }

    if (method === 'OPTIONS' && request.headers['access-control-request-method']) {
      return preflight(request.headers.origin, options.corsAllowedOrigins);
    }

    const match = routes.match(method, rawPath);
    if (!match) {
      const page = await options.site?.serve(method, rawPath);
      if (page) return page;
      return json(404, { error: { code: 'route_not_found', message: `No route for ${method} ${rawPath}` } });
    }

    return invokeRoute(match, request, url, body);
  }

  /** The catalog route: the payload 2.0 event in, the handler's answer (or API Gateway's error) out. */
  async function invokeRoute(
    match: RouteMatch<HttpRoute>,
    request: IncomingMessage,
    url: string,
    body: Buffer,
  ): Promise<HttpResponse> {
    const raw: RawHttpRequest = {
      method: request.method ?? 'GET',
      url,
      rawHeaders: request.rawHeaders,
      body,
      sourceIp: normaliseIp(request.socket.remoteAddress),
      protocol: `HTTP/${request.httpVersion}`,
    };
    const requestId = newRequestId();
    const event = buildHttpApiEvent(
      raw,
      { routeKey: routeKey(match.route), pathParameters: match.pathParameters },
      { requestId },
    );
    try {
      const reply = toHttpResponse(await options.invoke(match.route, event));
      reply.headers['apigw-requestid'] = requestId;
      return reply;
    } catch (error) {
      if (error instanceof LambdaTimeoutError) {
        logger.error(`${match.route.name}: ${error.message}`, { requestId });
        return gatewayMessage(503, 'Service Unavailable');
      }
      const what = error instanceof MalformedLambdaResponseError ? 'returned a malformed response' : 'threw';
      logger.error(`${match.route.name} ${what}; API Gateway answers 500`, { requestId, error });
      return internalServerError();
    }
  }

  function port(): number {
    const address = server.address();
    return address !== null && typeof address === 'object' ? address.port : options.port;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('The gateway did not start');
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${address.port}`,
    port: address.port,
    close: () => closeServer(server),
  };
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/**
 * Whether a Host header names this gateway: a loopback name, or the address it was explicitly bound to, with
 * its port (the port may be left out only on port 80, as HTTP allows).
 */
export function isAllowedHost(host: string | undefined, port: number, bindHost: string): boolean {
  if (!host) return false;
  const names = [...LOOPBACK_NAMES];
  if (!WILDCARD_HOSTS.has(bindHost)) names.push(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
  const wanted = host.toLowerCase();
  return names.some((name) => wanted === `${name}:${port}` || (port === 80 && wanted === name));
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType ?? '');
}

function preflight(origin: string | undefined, allowedOrigins: string): HttpResponse {
  const allowed = allowedOrigins.split(',').map((each) => each.trim());
  const headers: Record<string, string> = {};
  if (origin && (allowed.includes('*') || allowed.includes(origin))) {
    headers['access-control-allow-origin'] = allowed.includes('*') ? '*' : origin;
    // As API Gateway's corsPreflight does, from the same policy (shared/http/cors.ts).
    headers['access-control-allow-methods'] = CORS_POLICY.allowMethods.join(',');
    headers['access-control-allow-headers'] = CORS_POLICY.allowHeaders.join(',');
    headers['access-control-max-age'] = String(CORS_POLICY.maxAgeSeconds);
  }
  return { statusCode: 204, headers, body: Buffer.alloc(0) };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > MAX_REQUEST_BYTES) {
      request.resume();
      reject(new PayloadTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        reject(new PayloadTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function write(response: ServerResponse, reply: HttpResponse): void {
  const headers: Record<string, string | string[]> = {
    ...reply.headers,
    'content-length': String(reply.body.length),
  };
  // The rest of an oversized body is not read; the connection cannot be reused.
  if (reply.statusCode === 413) headers.connection = 'close';
  response.writeHead(reply.statusCode, headers);
  response.end(reply.body);
}

function json(statusCode: number, body: unknown): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}

/** `::ffff:127.0.0.1` → `127.0.0.1`, as API Gateway reports IPv4 clients. */
function normaliseIp(address: string | undefined): string {
  if (!address) return '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
    // Keep-alive clients would hold the server open; in-flight responses get a moment to finish first.
    setTimeout(() => server.closeAllConnections(), 1_000).unref();
  });
}

/** A request target without its query string, for logs. */
function pathOnly(target: string | undefined): string {
  const path = (target ?? '/').split('?')[0] ?? '/';
  return target?.includes('?') ? `${path}?…` : path;
}
