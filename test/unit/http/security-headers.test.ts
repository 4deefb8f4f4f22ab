import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueAccessToken } from '#shared/adapters/access-tokens';
import { NotFoundError } from '#shared/errors';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { SECURITY_HEADERS } from '#shared/http/security-headers';
import { makeApiEvent, makeJsonEvent, makeLambdaContext } from '#test/factories/api-gateway-event';

const publicRoute = httpHandler({}, async () => ({
  statusCode: 200,
  body: { ok: true },
  headers: { 'cache-control': 'public, max-age=60' },
}));
const optionalRoute = httpHandler({ auth: 'optional' }, async () => ({
  statusCode: 200,
  body: { ok: true },
  headers: { 'cache-control': 'public, max-age=60' },
}));
const securedRoute = httpHandler({ auth: 'required' }, async ({ caller }) => ok({ id: caller.userId }));
const validatingRoute = httpHandler({ schemas: { body: z.strictObject({ n: z.number() }) } }, async () =>
  ok({}),
);
const missingRoute = httpHandler({}, async () =>
  Promise.reject(new NotFoundError('not_found', 'No such thing')),
);
const crashingRoute = httpHandler({}, async () => Promise.reject(new Error('boom')));

async function headersOf(handler: typeof publicRoute, event = makeApiEvent()) {
  const result = (await handler(event, makeLambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, headers: result.headers ?? {} };
}

const withToken = async () =>
  makeApiEvent({
    headers: { authorization: `Bearer ${await issueAccessToken({ userId: 'u1', username: 'ada' })}` },
  });

describe('security headers', () => {
  it.each([
    ['a public success', () => headersOf(publicRoute), 200],
    ['an authenticated success', async () => headersOf(securedRoute, await withToken()), 200],
    ['a 401', () => headersOf(securedRoute), 401],
    ['a 400', () => headersOf(validatingRoute, makeJsonEvent('POST', '{"n":"x"}')), 400],
    ['a 404', () => headersOf(missingRoute), 404],
    ['a 500', () => headersOf(crashingRoute), 500],
  ])('are on %s', async (_label, call, status) => {
    const response = await call();
    expect(response.status).toBe(status);
    expect(response.headers).toMatchObject({
      'strict-transport-security': expect.stringMatching(/^max-age=\d{8,}/),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
    });
    expect(Object.keys(SECURITY_HEADERS).every((name) => name in response.headers)).toBe(true);
  });

  it('keeps a policy the route set itself (an HTML page), and every other header', async () => {
    const pagePolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
    const htmlRoute = httpHandler({}, async () => ({
      statusCode: 200,
      body: '<!doctype html>',
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': pagePolicy },
    }));
    const { headers } = await headersOf(htmlRoute);
    expect(headers['content-security-policy']).toBe(pagePolicy);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('lets a public route choose its caching for anonymous callers', async () => {
    expect((await headersOf(publicRoute)).headers['cache-control']).toBe('public, max-age=60');
  });

  it('forces no-store on any response to a caller with credentials', async () => {
    const response = await headersOf(optionalRoute, await withToken());
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect((await headersOf(securedRoute, await withToken())).headers['cache-control']).toBe('no-store');
  });
});
