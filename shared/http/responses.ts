import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** What a route returns: a status and a JSON-serialisable body (or none, for 204). */
export interface Reply {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Set-Cookie values (payload 2.0 `cookies`); only the web client's session cookie (session-cookies.ts). */
  cookies?: string[];
  /** A non-JSON payload (an HTML page, an image) sent as is instead of `body`. */
  raw?: RawPayload;
}

export interface RawPayload {
  contentType: string;
  /** Text, or base64 when `base64` is set (binary). */
  content: string;
  base64?: boolean;
}

export const ok = (body: unknown): Reply => ({ statusCode: 200, body });
export const created = (body: unknown, location?: string): Reply => ({
  statusCode: 201,
  body,
  ...(location ? { headers: { location } } : {}),
});
export const accepted = (body: unknown): Reply => ({ statusCode: 202, body });
export const noContent = (): Reply => ({ statusCode: 204 });

/** no-store unless a route says otherwise (never for callers with credentials: security-headers.ts). */
const BASE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
};

/** Serialises a Reply into an API Gateway payload-2.0 result. Bodies are data: never HTML, never escaped. */
export function toApiGatewayResult(reply: Reply): APIGatewayProxyStructuredResultV2 {
  if (reply.raw) {
    return {
      statusCode: reply.statusCode,
      headers: { ...BASE_HEADERS, 'content-type': reply.raw.contentType, ...reply.headers },
      body: reply.raw.content,
      ...(reply.raw.base64 ? { isBase64Encoded: true } : {}),
    };
  }
  const hasBody = reply.body !== undefined && reply.statusCode !== 204;
  return {
    statusCode: reply.statusCode,
    headers: { ...BASE_HEADERS, ...reply.headers },
    body: hasBody ? JSON.stringify(reply.body) : '',
    ...(reply.cookies && reply.cookies.length > 0 ? { cookies: reply.cookies } : {}),
  };
}
