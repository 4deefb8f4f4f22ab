/**
 * Browser sessions over HTTP against the local stack: the refresh token in an HttpOnly cookie, the custom header
 * that guards cookie-authenticated calls (CSRF), and the JSON-body tokens API clients keep using.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack';
import { type ApiClient, apiClient } from '#test/factories/api-client';
import { latestMailTo, verifyApiPath } from '#test/factories/mailbox';
import { startTestStack } from '#test/support/local-stack';

const SESSION = { 'x-skylark-session': 'cookie' };
let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  process.env.RATE_LIMITS = JSON.stringify({
    'register:ip': { limit: 10_000, windowSeconds: 3600 },
    'login:ip': { limit: 10_000, windowSeconds: 900 },
  });
  stack = await startTestStack({ web: false });
  api = apiClient(stack.url);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

let sequence = 0;
async function verifiedPerson() {
  sequence++;
  const tag = `${Date.now().toString(36)}${sequence}`;
  const person = {
    firstName: 'Grace',
    lastName: 'Hopper',
    username: `grace_${tag}`,
    email: `grace.${tag}@example.org`,
    password: 'compiler pioneer',
  };
  expect((await api.post('/v1/auth/register', person)).status).toBe(202);
  expect((await api.get(verifyApiPath(await latestMailTo(api, person.email)))).status).toBe(200);
  return person;
}

/** The refresh cookie's value from a response's Set-Cookie headers (both paths carry the same one). */
function refreshCookieIn(headers: Headers): { value: string; attributes: string[] } {
  const cookies = headers.getSetCookie().filter((cookie) => cookie.startsWith('skylark_refresh='));
  expect(cookies).toHaveLength(2);
  const [first = ''] = cookies;
  const [pair = '', ...attributes] = first.split('; ');
  return { value: pair.slice('skylark_refresh='.length), attributes };
}

async function cookieLogin() {
  const person = await verifiedPerson();
  const response = await api.post(
    '/v1/auth/login',
    { login: person.username, password: person.password },
    { headers: SESSION },
  );
  expect(response.status).toBe(200);
  return { person, response, cookie: refreshCookieIn(response.headers) };
}

describe('cookie sessions', () => {
  it('sets the refresh token as an HttpOnly, SameSite=Strict cookie on login, not in the body', async () => {
    const { response, cookie } = await cookieLogin();
    expect(response.body.refreshToken).toBeUndefined();
    expect(response.body.accessToken).toEqual(expect.any(String));
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict']));
    // The local stack is plain HTTP on localhost: Secure would make the browser drop the cookie.
    expect(cookie.attributes).not.toContain('Secure');
    const paths = response.headers
      .getSetCookie()
      .filter((each) => each.startsWith('skylark_refresh='))
      .map((each) => /Path=([^;]+)/.exec(each)?.[1]);
    expect(paths.sort()).toEqual(['/v1/auth/logout', '/v1/auth/refresh']);
    // The page's hint: readable (not HttpOnly), site-wide, and holding no token.
    const hints = response.headers.getSetCookie().filter((each) => each.startsWith('skylark_signed_in='));
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatch(/^skylark_signed_in=1; Path=\/; Max-Age=\d+; SameSite=Strict$/);
  });

  it('refreshes by cookie with the session header, rotating the cookie', async () => {
    const { cookie } = await cookieLogin();
    const refreshed = await api.post('/v1/auth/refresh', undefined, {
      headers: { ...SESSION, cookie: `skylark_refresh=${cookie.value}` },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
    expect((await api.get('/v1/me', { token: refreshed.body.accessToken })).status).toBe(200);
    expect(refreshCookieIn(refreshed.headers).value).not.toBe(cookie.value);
  });

  it('refuses a cookie refresh or logout without the session header (CSRF), and changes nothing', async () => {
    const { cookie } = await cookieLogin();
    const headers = { cookie: `skylark_refresh=${cookie.value}` };
    const refresh = await api.post('/v1/auth/refresh', undefined, { headers });
    expect(refresh.status).toBe(403);
    expect(refresh.body.error.code).toBe('session_header_required');
    const logout = await api.post('/v1/auth/logout', undefined, { headers });
    expect(logout.status).toBe(403);
    // The session survived both forgeries.
    const genuine = await api.post('/v1/auth/refresh', undefined, { headers: { ...SESSION, ...headers } });
    expect(genuine.status).toBe(200);
  });

  it('ends the session on logout by cookie and clears the cookie', async () => {
    const { cookie } = await cookieLogin();
    const headers = { ...SESSION, cookie: `skylark_refresh=${cookie.value}` };
    const logout = await api.post('/v1/auth/logout', undefined, { headers });
    expect(logout.status).toBe(204);
    const cleared = logout.headers.getSetCookie();
    expect(cleared.map((each) => each.split('=')[0]).sort()).toEqual([
      'skylark_refresh',
      'skylark_refresh',
      'skylark_signed_in',
    ]);
    expect(cleared.every((each) => /^[a-z_]+=;/.test(each) && each.includes('Max-Age=0'))).toBe(true);
    const after = await api.post('/v1/auth/refresh', undefined, { headers });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_refresh_token');
  });

  it('answers 401 to a refresh with neither a body nor a cookie', async () => {
    const response = await api.post('/v1/auth/refresh', undefined, { headers: SESSION });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_refresh_token');
  });

  it('keeps JSON-body refresh tokens working for API clients, without any cookie', async () => {
    const person = await verifiedPerson();
    const login = await api.post('/v1/auth/login', { login: person.username, password: person.password });
    expect(login.headers.getSetCookie()).toEqual([]);
    const refreshed = await api.post('/v1/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(refreshed.headers.getSetCookie()).toEqual([]);
    expect((await api.post('/v1/auth/logout', { refreshToken: refreshed.body.refreshToken })).status).toBe(
      204,
    );
  });
});
