import { describe, expect, it } from 'vitest';
import { MalformedLambdaResponseError, toHttpResponse } from '#local/api-gateway-result';

describe('toHttpResponse', () => {
  it('uses a structured result as it is', () => {
    const response = toHttpResponse({
      statusCode: 201,
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(response.body.toString()).toBe('{"a":1}');
  });

  it('turns each cookie into its own Set-Cookie header', () => {
    const response = toHttpResponse({ statusCode: 200, cookies: ['a=1; Path=/', 'b=2'] });
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2']);
  });

  it('decodes a base64 body', () => {
    const response = toHttpResponse({
      statusCode: 200,
      body: Buffer.from([1, 2, 255]).toString('base64'),
      isBase64Encoded: true,
    });
    expect([...response.body]).toEqual([1, 2, 255]);
  });

  it('infers 200 and a JSON body when the result has no statusCode', () => {
    const response = toHttpResponse({ hello: 'world' });
    expect(response).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(response.body.toString())).toEqual({ hello: 'world' });
  });

  it('sends a returned string verbatim', () => {
    expect(toHttpResponse('hello').body.toString()).toBe('hello');
  });

  it('rejects what API Gateway would reject', () => {
    expect(() => toHttpResponse({ statusCode: 'teapot' })).toThrow(MalformedLambdaResponseError);
    expect(() => toHttpResponse({ statusCode: 200, body: { a: 1 } })).toThrow(MalformedLambdaResponseError);
  });
});
