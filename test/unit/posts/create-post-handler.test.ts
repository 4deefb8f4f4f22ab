import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '#functions/posts/create-post';
import { issueAccessToken } from '#shared/adapters/access-tokens';
import { makeJsonEvent, makeLambdaContext } from '#test/factories/api-gateway-event';

const dynamo = mockClient(DynamoDBDocumentClient);

async function post(body: unknown, headers: Record<string, string> = {}) {
  const token = await issueAccessToken({ userId: 'user-1', username: 'ada' });
  const event = makeJsonEvent('POST', JSON.stringify(body), { authorization: `Bearer ${token}`, ...headers });
  const result = (await handler(event, makeLambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: JSON.parse(result.body || 'null') };
}

describe('POST /v1/posts through the middleware chain', () => {
  beforeEach(() => dynamo.reset());
  afterAll(() => dynamo.restore());

  it.each([
    [{ text: 'x'.repeat(141) }, 'post_too_long'],
    [{ text: ' \n ' }, 'post_empty'],
    [{ text: 'a\u0000' }, 'invalid_characters'],
    [{ text: 'ok', attachments: [{ url: 'javascript:alert(1)', kind: 'link' }] }, 'validation_failed'],
    [
      { text: 'ok', attachments: Array(5).fill({ url: 'https://a.example/x.png', kind: 'image' }) },
      'validation_failed',
    ],
    [{ text: 'ok', replyTo: 'not-a-ulid' }, 'validation_failed'],
  ])('answers 400 for %j without touching DynamoDB', async (body, code) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(code);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 400 invalid_idempotency_key for a malformed key without touching DynamoDB', async () => {
    const response = await post({ text: 'ok' }, { 'idempotency-key': 'white space' });
    expect(response.body.error.code).toBe('invalid_idempotency_key');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 401 without a token', async () => {
    const event = makeJsonEvent('POST', JSON.stringify({ text: 'ok' }));
    const result = (await handler(event, makeLambdaContext())) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(401);
  });
});
