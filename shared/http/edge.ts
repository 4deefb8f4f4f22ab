/**
 * Requests reach the API through the CloudFront distribution, which adds a secret origin header
 * (`x-origin-verify`); a request that carries no or a wrong value went around CloudFront (straight to the
 * execute-api URL, past the WAF) and is refused with 403. The local stack sets no ORIGIN_SECRET, so nothing is
 * checked there. Behind CloudFront, API Gateway's source IP is an edge server's: the viewer's address comes from
 * CloudFront-Viewer-Address, trusted only when the origin header proved the request came through CloudFront.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError } from '#shared/errors';

export const ORIGIN_HEADER = 'x-origin-verify';
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

export interface EdgeCheck {
  /** The client's IP for rate limits. */
  clientIp: string;
}

/** Throws 403 when an origin secret is configured and the request does not carry it. */
export function checkEdge(event: APIGatewayProxyEventV2, originSecret: string | undefined): EdgeCheck {
  const sourceIp = event.requestContext?.http?.sourceIp ?? 'unknown';
  if (originSecret === undefined) return { clientIp: sourceIp };
  const presented = event.headers?.[ORIGIN_HEADER];
  if (presented === undefined || !sameSecret(presented, originSecret)) {
    throw new ForbiddenError('direct_access_forbidden', 'Call the API through its public address');
  }
  return { clientIp: viewerIp(event.headers[VIEWER_ADDRESS_HEADER]) ?? sourceIp };
}

/** `198.51.100.7:46532` or `2001:db8::7:46532` (IPv6 unbracketed): the address without the port. */
export function viewerIp(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const colon = header.lastIndexOf(':');
  const ip = colon > 0 ? header.slice(0, colon) : '';
  return /^[0-9a-f.:]+$/i.test(ip) ? ip : undefined;
}

/** Compared as digests, so the comparison takes the same time whatever the lengths. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
