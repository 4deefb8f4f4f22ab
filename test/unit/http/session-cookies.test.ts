import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError } from '#shared/errors';
import {
  clearedRefreshCookies,
  cookieSessionReply,
  cookiesAreSecure,
  presentedRefreshToken,
  refreshCookieOf,
  refreshCookies,
  wantsCookieSession,
} from '#shared/http/session-cookies';

const TOKEN = 'a'.repeat(43);
const OTHER = 'b'.repeat(43);
const WITH_HEADER = { 'x-skylark-session': 'cookie' };

describe('cookie sessions', () => {
  it('scopes one HttpOnly, SameSite=Strict cookie to each of the refresh and logout paths, beside a readable hint', () => {
    expect(refreshCookies(TOKEN, { secure: true, maxAgeSeconds: 60 })).toEqual([
      `skylark_refresh=${TOKEN}; Path=/v1/auth/refresh; Max-Age=60; HttpOnly; SameSite=Strict; Secure`,
      `skylark_refresh=${TOKEN}; Path=/v1/auth/logout; Max-Age=60; HttpOnly; SameSite=Strict; Secure`,
      // No token in it: only whether a session cookie was set, for the page to read.
      'skylark_signed_in=1; Path=/; Max-Age=60; SameSite=Strict; Secure',
    ]);
  });

  it('clears the refresh cookies and the hint with an empty value and Max-Age=0', () => {
    const cleared = clearedRefreshCookies({ secure: false });
    expect(cleared).toHaveLength(3);
    for (const cookie of cleared.slice(0, 2)) {
      expect(cookie).toMatch(
        /^skylark_refresh=; Path=\/v1\/auth\/(refresh|logout); Max-Age=0; HttpOnly; SameSite=Strict$/,
      );
    }
    expect(cleared[2]).toBe('skylark_signed_in=; Path=/; Max-Age=0; SameSite=Strict');
  });

  it('drops Secure only on plain-HTTP localhost', () => {
    expect(cookiesAreSecure('http://localhost:3000')).toBe(false);
    expect(cookiesAreSecure('http://127.0.0.1:3000')).toBe(false);
    expect(cookiesAreSecure('https://localhost:3000')).toBe(true);
    expect(cookiesAreSecure('http://skylark.example.org')).toBe(true);
    expect(cookiesAreSecure('https://skylark.example.org')).toBe(true);
  });

  it('reads the session header case-insensitively and nothing else', () => {
    expect(wantsCookieSession({ 'x-skylark-session': ' Cookie ' })).toBe(true);
    expect(wantsCookieSession({ 'x-skylark-session': 'json' })).toBe(false);
    expect(wantsCookieSession({})).toBe(false);
  });

  it('finds the refresh cookie among others', () => {
    expect(refreshCookieOf({ cookies: ['theme=dark', `skylark_refresh=${TOKEN}`] })).toBe(TOKEN);
    expect(refreshCookieOf({ cookies: ['skylark_refresh='] })).toBeUndefined();
    expect(refreshCookieOf({})).toBeUndefined();
  });

  it('prefers the body token (API clients), so a stray cookie changes nothing for them', () => {
    const cookies = [`skylark_refresh=${OTHER}`];
    expect(presentedRefreshToken({ refreshToken: TOKEN }, { cookies }, {})).toEqual({
      token: TOKEN,
      viaCookie: false,
    });
  });

  it('accepts the cookie only with the session header: a forged cross-site request is refused (CSRF)', () => {
    const cookies = [`skylark_refresh=${TOKEN}`];
    expect(() => presentedRefreshToken(undefined, { cookies }, {})).toThrow(ForbiddenError);
    expect(() => presentedRefreshToken(undefined, { cookies }, {})).toThrow(/x-skylark-session/);
    expect(presentedRefreshToken(undefined, { cookies }, WITH_HEADER)).toEqual({
      token: TOKEN,
      viaCookie: true,
    });
  });

  it('treats a malformed cookie as no session, and no token at all as nothing presented', () => {
    expect(() =>
      presentedRefreshToken(undefined, { cookies: ['skylark_refresh=short'] }, WITH_HEADER),
    ).toThrow(UnauthorizedError);
    expect(presentedRefreshToken(undefined, {}, WITH_HEADER)).toBeUndefined();
  });

  it('answers a cookie client without the refresh token in the body', () => {
    const reply = cookieSessionReply(
      { accessToken: 'jwt', refreshToken: TOKEN, tokenType: 'Bearer', expiresIn: 900 },
      { secure: false, maxAgeSeconds: 10 },
    );
    expect(reply.body).toEqual({ accessToken: 'jwt', tokenType: 'Bearer', expiresIn: 900 });
    const [refresh, logout, hint] = reply.cookies ?? [];
    expect([refresh, logout].every((cookie) => cookie?.includes(TOKEN))).toBe(true);
    expect(hint).toBe('skylark_signed_in=1; Path=/; Max-Age=10; SameSite=Strict');
  });
});
