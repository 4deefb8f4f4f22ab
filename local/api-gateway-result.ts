/**
 * Turns what a handler returned into the HTTP response API Gateway (payload 2.0) would send:
 * - a result with `statusCode` is used as is: headers, `cookies` (each becomes a Set-Cookie), body (decoded
 *   when `isBase64Encoded`);
 * - anything else is inferred: 200, `content-type: application/json`, the value as body (a string verbatim,
 *   anything else JSON-serialised).
 * A result API Gateway would reject (a status that is not an HTTP status, a body that is not a string) is an
 * error here too, so the mistake shows up locally instead of after deploying.
 */

export interface HttpResponse {
  statusCode: number;
  /** Header name → value; `set-cookie` may hold several. */
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export class MalformedLambdaResponseError extends Error {
  override name = 'MalformedLambdaResponseError';
}

export function toHttpResponse(result: unknown): HttpResponse {
  if (isObject(result) && 'statusCode' in result) return structured(result);
  const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(body, 'utf8'),
  };
}

/** API Gateway's own answer when it gets nothing usable from the integration. */
export function internalServerError(): HttpResponse {
  return gatewayMessage(500, 'Internal Server Error');
}

export function gatewayMessage(statusCode: number, message: string): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ message }), 'utf8'),
  };
}

function structured(result: Record<string, unknown>): HttpResponse {
  const { statusCode, body, isBase64Encoded, cookies } = result;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    throw new MalformedLambdaResponseError(
      `statusCode must be an integer HTTP status, got ${String(statusCode)}`,
    );
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new MalformedLambdaResponseError(`body must be a string, got ${typeof body}`);
  }
  const headers: Record<string, string | string[]> = {};
  if (isObject(result.headers)) {
    for (const [name, value] of Object.entries(result.headers)) {
      if (value === undefined || value === null) continue;
      headers[name.toLowerCase()] = String(value);
    }
  }
  if (Array.isArray(cookies) && cookies.length > 0) {
    const existing = headers['set-cookie'];
    headers['set-cookie'] = [...(existing === undefined ? [] : [existing].flat()), ...cookies.map(String)];
  }
  const text = body ?? '';
  return {
    statusCode,
    headers,
    body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
