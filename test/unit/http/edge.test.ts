/**
 * The origin check: in AWS (ORIGIN_SECRET set) a request that did not come through CloudFront is a 403; the
 * local stack sets no secret and checks nothing. The handler is loaded afresh per case because configuration is
 * read once per process, as in Lambda.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { viewerIp } from '#shared/http/edge';
import { makeApiEvent, makeLambdaContext } from '#test/factories/api-gateway-event';

const SECRET = 'a-long-random-origin-secret-0123456789abcdef';
const original = { ...process.env };
afterEach(() => {
  process.env = { ...original };
  vi.resetModules();
});

async function ipEcho(originSecret: string | undefined) {
  if (originSecret === undefined) delete process.env.ORIGIN_SECRET;
  else process.env.ORIGIN_SECRET = originSecret;
  vi.resetModules();
  const { httpHandler } = await import('#shared/http/handler');
  const { ok } = await import('#shared/http/responses');
  const handler = httpHandler({}, async ({ sourceIp }) => ok({ sourceIp }));
  return async (headers: Record<string, string>) => {
    const result = (await handler(
      makeApiEvent({ headers: { host: 'api.skylark.test', ...headers } }),
      makeLambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
    return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
  };
}

describe('the origin check', () => {
  it('refuses a request without the origin header in AWS mode with 403', async () => {
    const call = await ipEcho(SECRET);
    const response = await call({});
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('direct_access_forbidden');
  });

  it('refuses a wrong origin header value', async () => {
    const call = await ipEcho(SECRET);
    expect((await call({ 'x-origin-verify': `${SECRET}x` })).status).toBe(403);
  });

  it('serves a request through CloudFront, with the viewer address as the client IP', async () => {
    const call = await ipEcho(SECRET);
    const response = await call({
      'x-origin-verify': SECRET,
      'cloudfront-viewer-address': '198.51.100.9:50123',
    });
    expect(response).toEqual({ status: 200, body: { sourceIp: '198.51.100.9' } });
  });

  it('allows requests without the header in the local stack, and ignores a forged viewer address', async () => {
    const call = await ipEcho(undefined);
    const response = await call({ 'cloudfront-viewer-address': '198.51.100.9:50123' });
    expect(response).toEqual({ status: 200, body: { sourceIp: '203.0.113.7' } });
  });
});

describe('viewerIp', () => {
  it.each([
    ['198.51.100.9:443', '198.51.100.9'],
    ['2001:db8::7:46532', '2001:db8::7'],
    ['nonsense', undefined],
    ['<script>:1', undefined],
  ])('reads %s as %s', (header, ip) => {
    expect(viewerIp(header)).toBe(ip);
  });
});
