/**
 * Cookie sessions for the web client (docs/api.md, "Sessions in a browser"). API clients keep the refresh token
 * in JSON bodies; a browser asks for a cookie instead, so no script can read the refresh token:
 * - login with `X-Skylark-Session: cookie` sets it (HttpOnly, SameSite=Strict, Secure except on plain-HTTP
 *   localhost), scoped to the two paths that read it, and leaves it out of the body;
 * - refresh and logout read it, and then require the same header. SameSite=Strict keeps other sites' requests
 *   from carrying the cookie; the custom header is a second guard (a cross-origin page cannot send it without a
 *   CORS preflight, which allows no such header), so a forged form post or link is refused with 403.
 * - beside it, a hint the page can read (`skylark_signed_in=1`, no secret in it) says a session cookie was set,
 *   so a signed-out visitor's page does not call refresh at all: no 401 on every anonymous visit, and no
 *   function invocation for it. Logout clears both; a hint that outlives its session only costs one refresh.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { config } from '#shared/config';
import type { Session } from '#shared/domain/accounts/sessions';
import { ForbiddenError, UnauthorizedError } from '#shared/errors';
import type { Reply } from './responses';

export const SESSION_HEADER = 'x-skylark-session';
export const SESSION_HEADER_VALUE = 'cookie';
export const REFRESH_COOKIE = 'skylark_refresh';
/** Each path gets its own cookie: a cookie has one Path, and no other route should ever receive the token. */
export const REFRESH_COOKIE_PATHS = ['/v1/auth/refresh', '/v1/auth/logout'] as const;
/** Readable by the page (not HttpOnly) and site-wide; its value is only ever `1`. */
export const SESSION_HINT_COOKIE = 'skylark_signed_in';

const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

type Headers = Readonly<Record<string, string | undefined>>;

/** True when the caller sent `X-Skylark-Session: cookie` (header names are lowercased by the middleware). */
export function wantsCookieSession(headers: Headers): boolean {
  return headers[SESSION_HEADER]?.trim().toLowerCase() === SESSION_HEADER_VALUE;
}

/** Secure everywhere but a plain-HTTP localhost, where browsers would otherwise drop the cookie. */
export function cookiesAreSecure(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  const localhost = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return !(url.protocol === 'http:' && localhost);
}

/** The deployment's cookie settings (from PUBLIC_URL, read once at cold start with the rest of the config). */
export function sessionCookieOptions(): { secure: boolean } {
  return { secure: cookiesAreSecure(config().PUBLIC_URL) };
}

/** The refresh token's cookies (one per path that reads it) and the session hint, with the same lifetime. */
export function refreshCookies(token: string, options: { secure: boolean; maxAgeSeconds: number }): string[] {
  return [
    ...REFRESH_COOKIE_PATHS.map((path) => refreshCookie(token, path, options.secure, options.maxAgeSeconds)),
    hintCookie('1', options.secure, options.maxAgeSeconds),
  ];
}

export function clearedRefreshCookies(options: { secure: boolean }): string[] {
  return [
    ...REFRESH_COOKIE_PATHS.map((path) => refreshCookie('', path, options.secure, 0)),
    hintCookie('', options.secure, 0),
  ];
}

function refreshCookie(value: string, path: string, secure: boolean, maxAgeSeconds: number): string {
  return cookie(
    [`${REFRESH_COOKIE}=${value}`, `Path=${path}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly'],
    secure,
  );
}

function hintCookie(value: string, secure: boolean, maxAgeSeconds: number): string {
  return cookie([`${SESSION_HINT_COOKIE}=${value}`, 'Path=/', `Max-Age=${maxAgeSeconds}`], secure);
}

function cookie(attributes: string[], secure: boolean): string {
  return [...attributes, 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

/** The refresh cookie's value, if the request carries one (payload 2.0 puts cookies in `event.cookies`). */
export function refreshCookieOf(event: Pick<APIGatewayProxyEventV2, 'cookies'>): string | undefined {
  for (const entry of event.cookies ?? []) {
    const separator = entry.indexOf('=');
    if (separator > 0 && entry.slice(0, separator).trim() === REFRESH_COOKIE) {
      const value = entry.slice(separator + 1).trim();
      if (value !== '') return value;
    }
  }
  return undefined;
}

export interface PresentedRefreshToken {
  token: string;
  viaCookie: boolean;
}

/**
 * The refresh token of a refresh or logout call: the body's (API clients) or else the cookie's, which counts
 * only with the session header.
 * @throws ForbiddenError `session_header_required` for a cookie without the header (a possible forgery)
 * @throws UnauthorizedError `invalid_refresh_token` when there is neither, or the cookie is malformed
 */
export function presentedRefreshToken(
  body: { refreshToken: string } | undefined,
  event: Pick<APIGatewayProxyEventV2, 'cookies'>,
  headers: Headers,
): PresentedRefreshToken | undefined {
  if (body) return { token: body.refreshToken, viaCookie: false };
  const fromCookie = refreshCookieOf(event);
  if (fromCookie === undefined) return undefined;
  if (!wantsCookieSession(headers)) {
    throw new ForbiddenError(
      'session_header_required',
      `Requests signed in by cookie must send the header ${SESSION_HEADER}: ${SESSION_HEADER_VALUE}`,
    );
  }
  if (!REFRESH_TOKEN_PATTERN.test(fromCookie)) throw noRefreshToken();
  return { token: fromCookie, viaCookie: true };
}

export function noRefreshToken(): UnauthorizedError {
  return new UnauthorizedError(
    'invalid_refresh_token',
    'Send the refresh token in the body, or sign in again to get a session cookie',
  );
}

/** A session for a cookie client: the refresh token goes into the cookies, never into the body. */
export function cookieSessionReply<T extends Session>(
  session: T,
  options: { secure: boolean; maxAgeSeconds: number },
): Reply {
  const { refreshToken, ...visible } = session;
  return { statusCode: 200, body: visible, cookies: refreshCookies(refreshToken, options) };
}
