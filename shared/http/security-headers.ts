/**
 * Headers every API response carries, success or error (OWASP's REST guidance): the API serves JSON only, so
 * nothing it answers may be framed, sniffed into HTML, leak its URL in a Referer, be reached over plain HTTP
 * again, or be kept by a cache when it answered a signed-in caller. The one header a route may set itself is
 * its Content-Security-Policy (lowercase name, as every route writes headers).
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const SECURITY_HEADERS = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // JSON needs no sources at all; frame-ancestors is the modern X-Frame-Options.
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
} as const;

const CSP = 'content-security-policy';

/** Whatever a route set, a response to a caller with credentials is never stored by a cache. */
const NO_STORE = 'no-store';

export function securityHeaders(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const apply = (request: {
    event: APIGatewayProxyEventV2;
    response: APIGatewayProxyStructuredResultV2 | undefined | null;
  }) => {
    const response = request.response;
    if (!response) return;
    const headers: Record<string, string | number | boolean> = { ...response.headers, ...SECURITY_HEADERS };
    // A route that answers HTML (the OAuth authorize page) sets a policy of its own, which must stay: the JSON
    // policy would block the page's inline style.
    const ownPolicy = response.headers?.[CSP];
    if (ownPolicy !== undefined) headers[CSP] = ownPolicy;
    if (request.event.headers?.authorization !== undefined) headers['cache-control'] = NO_STORE;
    response.headers = headers;
  };
  return { after: apply, onError: apply };
}
