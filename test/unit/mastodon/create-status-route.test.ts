/**
 * POST /api/v1/statuses is its own function (functions/mastodon/create-status.ts), through the real middleware
 * chain: the statuses function no longer serves it, and a status that cannot be sent is Mastodon's 422 before
 * anything is written.
 */
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { httpRoutes } from '#functions/catalog';
import { handler as createStatus } from '#functions/mastodon/create-status';
import { handler as statuses } from '#functions/mastodon/statuses';
import { issueAccessToken } from '#shared/adapters/access-tokens';
import { makeApiEvent, makeLambdaContext } from '#test/factories/api-gateway-event';

const dynamo = mockClient(DynamoDBDocumentClient);

type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

async function postStatus(handler: LambdaHandler, body: object) {
  const token = await issueAccessToken({ userId: '01J0000000000000000000AUTHOR', username: 'author' });
  const base = makeApiEvent({ rawPath: '/api/v1/statuses' });
  const event = makeApiEvent({
    rawPath: '/api/v1/statuses',
    routeKey: 'POST /api/v1/statuses',
    body: JSON.stringify(body),
    headers: {
      host: 'api.skylark.test',
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    requestContext: { ...base.requestContext, http: { ...base.requestContext.http, method: 'POST' } },
  });
  const result = (await handler(event, makeLambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: JSON.parse(result.body || 'null') };
}

describe('POST /api/v1/statuses', () => {
  beforeEach(() => dynamo.reset());
  afterAll(() => dynamo.restore());

  it('is declared on the create-status function alone', () => {
    const serving = httpRoutes.filter(
      (route) => route.method === 'POST' && route.path === '/api/v1/statuses',
    );
    expect(serving.map((route) => [route.name, route.entry])).toEqual([
      ['MastodonCreateStatus', 'functions/mastodon/create-status.ts'],
    ]);
  });

  it('is not served by the statuses function any more', async () => {
    const response = await postStatus(statuses, { status: 'hello' });
    expect(response).toEqual({ status: 404, body: { error: 'Record not found' } });
  });

  it('answers 422 for a direct status to two accounts, writing nothing', async () => {
    const response = await postStatus(createStatus, { status: '@ada @bob hi', visibility: 'direct' });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: expect.stringContaining('exactly one mentioned account') });
    expect([...dynamo.commandCalls(PutCommand), ...dynamo.commandCalls(TransactWriteCommand)]).toEqual([]);
  });
});
