/**
 * What the site is on its origin, declared once for the local stack (local/static-site.ts) and CloudFront
 * (infra/stacks/web-stack.ts): which paths belong to the API (never answered with the app's index.html), and the
 * security headers every page carries.
 */

/** Path prefixes routed to the API; everything else is the web client. */
export const API_PATH_PREFIXES = ['/v1/', '/api/', '/oauth/', '/.well-known/', '/nodeinfo/'] as const;

/** True for a path the API owns (its exact prefix or below). */
export function isApiPath(path: string): boolean {
  return API_PATH_PREFIXES.some((prefix) => path === prefix.slice(0, -1) || path.startsWith(prefix));
}

/**
 * A strict Content-Security-Policy: scripts and styles only from the site itself (no inline script; styles set
 * through the CSSOM, as the user designs are, are not inline markup), images from the site and https (design
 * background images), no framing, no plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
} as const;

/** Hashed bundle files never change; index.html must be revalidated so a deploy is picked up at once. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE = 'no-cache';
