import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueAccessToken } from '#shared/adapters/access-tokens';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from '#shared/errors';
import { httpHandler, routeContract } from '#shared/http/handler';
import { publicMastodonDialect } from '#shared/http/mastodon-dialect';
import { publicHttpHandler } from '#shared/http/public-handler';
import { ok } from '#shared/http/responses';
import { makeApiEvent, makeJsonEvent, makeLambdaContext } from '#test/factories/api-gateway-event';

const Body = z.strictObject({ name: z.string().min(1).max(5), age: z.number().int() });

const echo = httpHandler({ schemas: { body: Body } }, async ({ body }) => ok(body));
const throwing = (error: unknown) => httpHandler({}, async () => Promise.reject(error));
const secured = httpHandler({ auth: 'required' }, async ({ caller }) => ok({ userId: caller.userId }));

async function invoke(handler: typeof echo, event = makeApiEvent()) {
  const result = (await handler(event, makeLambdaContext())) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: JSON.parse(result.body || 'null'),
  };
}

describe('the HTTP middleware chain', () => {
  it('passes a valid JSON body to the route and answers JSON', async () => {
    const response = await invoke(echo, makeJsonEvent('POST', '{"name":"ada","age":36}'));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ name: 'ada', age: 36 });
  });

  it('answers 400 malformed_json for a body that is not JSON', async () => {
    const response = await invoke(echo, makeJsonEvent('POST', '{"name":'));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('malformed_json');
  });

  it('answers 400 validation_failed naming every failing field, unknown fields included', async () => {
    const response = await invoke(echo, makeJsonEvent('POST', '{"name":"toolong","age":"x","admin":true}'));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    const fields = response.body.error.details.fields.map((problem: { field: string }) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['body.name', 'body.age', 'body']));
  });

  it('answers 400 when the body is missing', async () => {
    const response = await invoke(echo, makeApiEvent({ body: undefined }));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });

  it('answers 415 for a body that is not application/json', async () => {
    const response = await invoke(echo, makeJsonEvent('POST', 'name=ada', { 'content-type': 'text/plain' }));
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('unsupported_media_type');
  });

  it('answers 413 for a body over the size limit, before parsing it', async () => {
    const huge = JSON.stringify({ name: 'a'.repeat(20_000), age: 1 });
    const response = await invoke(echo, makeJsonEvent('POST', huge));
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });

  it('decodes base64 bodies', async () => {
    const body = Buffer.from('{"name":"bo","age":1}').toString('base64');
    const event = { ...makeJsonEvent('POST', body), isBase64Encoded: true };
    const response = await invoke(echo, event);
    expect(response.body).toEqual({ name: 'bo', age: 1 });
  });

  it.each([
    [new ValidationError('bad_thing', 'Bad'), 400, 'bad_thing'],
    [new UnauthorizedError(), 401, 'unauthorized'],
    [new ForbiddenError('not_yours', 'Not yours'), 403, 'not_yours'],
    [new NotFoundError('post_not_found', 'No such post'), 404, 'post_not_found'],
    [new ConflictError('username_taken', 'Taken'), 409, 'username_taken'],
  ])('maps %s to %i with its code', async (error, status, code) => {
    const response = await invoke(throwing(error));
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error: { code, message: (error as Error).message } });
  });

  it('maps a rate limit to 429 with Retry-After', async () => {
    const response = await invoke(throwing(new RateLimitedError(42)));
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('42');
    expect(response.body.error.code).toBe('rate_limited');
  });

  it('answers an unexpected error with a 500 that reveals nothing but the request id', async () => {
    const event = makeApiEvent();
    const response = await invoke(throwing(new Error('secret table name skylark-prod')), event);
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      error: {
        code: 'internal_error',
        message: 'Internal error',
        details: { requestId: event.requestContext.requestId },
      },
    });
    expect(JSON.stringify(response.body)).not.toContain('skylark-prod');
  });

  it('answers 401 without a bearer token and with a forged one', async () => {
    expect((await invoke(secured)).status).toBe(401);
    const forged = makeApiEvent({
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    });
    const response = await invoke(secured, forged);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_token');
  });

  it('gives the route the verified caller', async () => {
    const token = await issueAccessToken({ userId: 'user-1', username: 'ada' });
    const response = await invoke(secured, makeApiEvent({ headers: { Authorization: `Bearer ${token}` } }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ userId: 'user-1' });
  });
});

describe('publicHttpHandler (routes that never read a token)', () => {
  const publicEcho = publicHttpHandler({ schemas: { body: Body } }, async ({ body, caller }) =>
    ok({ body, caller: caller ?? null }),
  );

  it('runs the same chain: validation errors and security headers as httpHandler', async () => {
    const response = await invoke(publicEcho, makeJsonEvent('POST', '{"name":"toolong","age":1}'));
    const reference = await invoke(echo, makeJsonEvent('POST', '{"name":"toolong","age":1}'));
    expect(response.status).toBe(400);
    expect(response.body).toEqual(reference.body);
    expect(Object.keys(response.headers).sort()).toEqual(Object.keys(reference.headers).sort());
  });

  it('ignores an Authorization header, even a malformed one, and has no caller', async () => {
    const event = makeJsonEvent('POST', '{"name":"ada","age":36}');
    const response = await invoke(publicEcho, {
      ...event,
      headers: { ...event.headers, authorization: 'junk' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ body: { name: 'ada', age: 36 }, caller: null });
  });

  it("declares auth 'none' in its contract", () => {
    expect(routeContract(publicEcho)?.auth).toBe('none');
  });

  it("speaks the dialect it is given: a Mastodon route reads a form body and answers Mastodon's 422", async () => {
    const mastodonEcho = publicHttpHandler(
      { dialect: publicMastodonDialect, schemas: { body: z.object({ name: z.string().max(5) }) } },
      async ({ body, caller }) => ok({ body, caller: caller ?? null }),
    );
    const form = (body: string) =>
      makeJsonEvent('POST', body, {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'Bearer junk',
      });
    const accepted = await invoke(mastodonEcho, form('name=ada'));
    expect(accepted).toMatchObject({ status: 200, body: { body: { name: 'ada' }, caller: null } });
    const refused = await invoke(mastodonEcho, form('name=toolong'));
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({ error: expect.any(String) });
  });
});
