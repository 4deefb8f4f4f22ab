/**
 * GET /api/v1/conversations through the real middleware chain: paging ids that are not ULIDs (no conversation
 * could sit at them) are Mastodon's 422, answered before any read.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '#functions/mastodon/statuses';
import { issueAccessToken } from '#shared/adapters/access-tokens';
import { makeApiEvent, makeLambdaContext } from '#test/factories/api-gateway-event';

const dynamo = mockClient(DynamoDBDocumentClient);

async function listConversations(rawQueryString: string) {
  const token = await issueAccessToken({ userId: '01J0000000000000000000READER', username: 'reader' });
  const event = makeApiEvent({
    rawPath: '/api/v1/conversations',
    rawQueryString,
    headers: { host: 'api.skylark.test', authorization: `Bearer ${token}` },
  });
  const result = (await handler(event, makeLambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: JSON.parse(result.body || 'null') };
}

describe('GET /api/v1/conversations paging parameters', () => {
  beforeEach(() => dynamo.reset());
  afterAll(() => dynamo.restore());

  it.each([
    ['max_id', 'not-a-ulid'],
    ['since_id', '01J0000000000000000000000'], // 25 characters
    ['min_id', '01J000000000000000000000IL'], // I and L are not Crockford base 32
    ['max_id', 'eyJQSyI6IlVTRVIjMSJ9'], // an opaque /v1 cursor
    ['min_id', ''],
  ])('answers 422 for %s=%j without reading anything', async (name, value) => {
    const response = await listConversations(`${name}=${encodeURIComponent(value)}`);
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: expect.stringMatching(/id/i) });
    expect(dynamo.calls()).toHaveLength(0);
  });
});
