import { describe, expect, it } from 'vitest';
import { buildHttpApiEvent, type RawHttpRequest } from '#local/api-gateway-event';

function request(overrides: Partial<RawHttpRequest> = {}): RawHttpRequest {
  return {
    method: 'GET',
    url: '/v1/users/ada',
    rawHeaders: ['Host', 'localhost:3000', 'User-Agent', 'curl/8.0'],
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
    ...overrides,
  };
}

const route = { routeKey: 'GET /v1/users/{username}', pathParameters: { username: 'ada' } };
const now = new Date('2026-03-12T19:03:58.123Z');

describe('buildHttpApiEvent', () => {
  it('builds a payload 2.0 event with the request context API Gateway sends', () => {
    const event = buildHttpApiEvent(request(), route, { now, requestId: 'JKJaXmPLvHcESHA=' });
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/users/{username}',
      rawPath: '/v1/users/ada',
      rawQueryString: '',
      pathParameters: { username: 'ada' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost:3000',
        http: {
          method: 'GET',
          path: '/v1/users/ada',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'curl/8.0',
        },
        requestId: 'JKJaXmPLvHcESHA=',
        routeKey: 'GET /v1/users/{username}',
        stage: '$default',
        time: '12/Mar/2026:19:03:58 +0000',
        timeEpoch: now.getTime(),
      },
    });
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('cookies');
  });

  it('lower-cases header names and joins repeated headers with commas', () => {
    const event = buildHttpApiEvent(
      request({
        rawHeaders: ['Host', 'localhost', 'X-Tag', 'one', 'x-tag', 'two', 'Accept', 'application/json'],
      }),
      route,
    );
    expect(event.headers).toMatchObject({
      host: 'localhost',
      'x-tag': 'one,two',
      accept: 'application/json',
    });
  });

  it('adds the forwarding headers API Gateway adds', () => {
    const { headers } = buildHttpApiEvent(request(), route, { now });
    expect(headers).toMatchObject({
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-port': '3000',
    });
    expect(headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('moves cookies out of the headers into the cookies list', () => {
    const event = buildHttpApiEvent(request({ rawHeaders: ['Cookie', 'a=1; b=2', 'cookie', 'c=3'] }), route);
    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('decodes query parameters and joins repeated keys with commas', () => {
    const event = buildHttpApiEvent(request({ url: '/v1/users/ada?q=a%20b&tag=x&tag=y&empty=' }), route);
    expect(event.rawQueryString).toBe('q=a%20b&tag=x&tag=y&empty=');
    expect(event.queryStringParameters).toEqual({ q: 'a b', tag: 'x,y', empty: '' });
  });

  it('passes a JSON body as text', () => {
    const body = Buffer.from('{"text":"héllo 🐦"}', 'utf8');
    const event = buildHttpApiEvent(
      request({ method: 'POST', rawHeaders: ['Content-Type', 'application/json; charset=utf-8'], body }),
      route,
    );
    expect(event).toMatchObject({ body: '{"text":"héllo 🐦"}', isBase64Encoded: false });
  });

  it('base64-encodes bodies that are not text, or have no content type', () => {
    const bytes = Buffer.from([0, 159, 146, 150]);
    for (const rawHeaders of [
      ['Content-Type', 'image/png'],
      ['Content-Type', 'application/x-www-form-urlencoded'],
      [],
    ]) {
      const event = buildHttpApiEvent(request({ method: 'POST', rawHeaders, body: bytes }), route);
      expect(event).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
    }
  });

  it('base64-encodes a "textual" body that is not valid UTF-8 instead of mangling it', () => {
    const bytes = Buffer.from([0x7b, 0xff, 0x7d]);
    const event = buildHttpApiEvent(
      request({ rawHeaders: ['Content-Type', 'application/json'], body: bytes }),
      route,
    );
    expect(event).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('keeps a leading byte order mark in a text body', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]);
    const event = buildHttpApiEvent(
      request({ rawHeaders: ['Content-Type', 'application/json'], body }),
      route,
    );
    expect(event.body).toBe('\uFEFF{}');
  });

  it('gives every request its own id', () => {
    const first = buildHttpApiEvent(request(), route).requestContext.requestId;
    const second = buildHttpApiEvent(request(), route).requestContext.requestId;
    expect(first).not.toBe(second);
  });
});
