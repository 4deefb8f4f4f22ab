/**
 * Builds the API Gateway HTTP API payload-2.0 event for a request, with API Gateway's quirks: lower-cased
 * headers with repeats joined by commas, cookies moved out of the headers into `cookies`, repeated query keys
 * joined by commas, URL-decoded path parameters, and the body as text only for textual content types
 * (everything else, and text that is not valid UTF-8, arrives base64-encoded).
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from './aws-clients';

/** A request as read off the socket, before any interpretation. */
export interface RawHttpRequest {
  method: string;
  /** The request target: path and query string, as sent. */
  url: string;
  /** Alternating names and values, as Node's `rawHeaders`. */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  /** e.g. 'HTTP/1.1'. */
  protocol: string;
}

export interface EventRoute {
  routeKey: string;
  pathParameters: Record<string, string>;
}

export interface EventOptions {
  apiId?: string;
  now?: Date;
  requestId?: string;
}

export function buildHttpApiEvent(
  request: RawHttpRequest,
  route: EventRoute,
  options: EventOptions = {},
): APIGatewayProxyEventV2 {
  const now = options.now ?? new Date();
  const { rawPath, rawQueryString } = splitTarget(request.url);
  const { headers, cookies } = collectHeaders(request.rawHeaders);
  const host = headers.host ?? 'localhost';
  headers['x-forwarded-for'] ??= request.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  const port = /:(\d+)$/.exec(host)?.[1];
  if (port) headers['x-forwarded-port'] ??= port;
  headers['x-amzn-trace-id'] ??= newTraceId(now);
  const apiId = options.apiId ?? 'local';
  const requestId = options.requestId ?? newRequestId();
  const queryStringParameters = parseQuery(rawQueryString);
  const body = encodeBody(request.body, headers['content-type']);

  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId,
      domainName: host,
      domainPrefix: host.split('.')[0]?.split(':')[0] ?? host,
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(route.pathParameters).length > 0 ? { pathParameters: { ...route.pathParameters } } : {}),
    ...body,
  };
}

/** API Gateway request ids look like `JKJaXmPLvHcESHA=`. */
export function newRequestId(): string {
  return randomBytes(10).toString('base64');
}

function newTraceId(now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${seconds}-${randomBytes(12).toString('hex')}`;
}

function splitTarget(url: string): { rawPath: string; rawQueryString: string } {
  const question = url.indexOf('?');
  if (question === -1) return { rawPath: url, rawQueryString: '' };
  return { rawPath: url.slice(0, question), rawQueryString: url.slice(question + 1) };
}

function collectHeaders(rawHeaders: readonly string[]): {
  headers: Record<string, string>;
  cookies: string[];
} {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] ?? '').toLowerCase();
    const value = rawHeaders[index + 1] ?? '';
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
      continue;
    }
    const existing = headers[name];
    headers[name] = existing === undefined ? value : `${existing},${value}`;
  }
  return { headers, cookies };
}

function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const existing = parameters[name];
    parameters[name] = existing === undefined ? value : `${existing},${value}`;
  }
  return parameters;
}

const TEXTUAL = [
  /^text\//i,
  /^application\/(?:[\w.+-]+\+)?json\b/i,
  /^application\/(?:[\w.+-]+\+)?xml\b/i,
  /^application\/javascript\b/i,
];

function encodeBody(
  body: Buffer,
  contentType: string | undefined,
): { body?: string; isBase64Encoded: boolean } {
  if (body.length === 0) return { isBase64Encoded: false };
  const textual = contentType !== undefined && TEXTUAL.some((pattern) => pattern.test(contentType.trim()));
  if (textual) {
    try {
      // ignoreBOM keeps a leading BOM in the text, as API Gateway passes it; the handler decides.
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
      return { body: text, isBase64Encoded: false };
    } catch {
      // Not valid UTF-8: pass the bytes along untouched rather than lossily decoded.
    }
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the format of requestContext.time. */
function formatRequestTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const month = MONTHS[date.getUTCMonth()] ?? 'Jan';
  return (
    `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}
