import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchWrite, UnprocessedItemsError, type WriteRequest } from '#shared/db/batch-write';

const TABLE = 'unit-table';
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const dynamo = mockClient(client);
const noWait = { sleep: async () => undefined, random: () => 0.5 };

function puts(count: number): WriteRequest[] {
  return Array.from({ length: count }, (_, index) => ({
    PutRequest: { Item: { PK: `TIMELINE#u${index}`, SK: 'POST#p1' } },
  }));
}

function sentItems(): number[] {
  return dynamo
    .commandCalls(BatchWriteCommand)
    .map((call) => call.args[0].input.RequestItems?.[TABLE]?.length ?? 0);
}

describe('batchWrite', () => {
  beforeEach(() => dynamo.reset());

  it('splits 26 requests into a batch of 25 and a batch of 1', async () => {
    dynamo.on(BatchWriteCommand).resolves({});
    const stats = await batchWrite(client, TABLE, puts(26), noWait);
    expect(sentItems()).toEqual([25, 1]);
    expect(stats).toMatchObject({ requests: 2, items: 26, retriedItems: 0 });
  });

  it('retries UnprocessedItems until everything is written', async () => {
    const requests = puts(3);
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: requests.slice(1) } })
      .resolvesOnce({ UnprocessedItems: { [TABLE]: requests.slice(2) } })
      .resolves({});
    const stats = await batchWrite(client, TABLE, requests, noWait);
    expect(sentItems()).toEqual([3, 2, 1]);
    expect(stats).toMatchObject({ requests: 3, retriedItems: 3 });
  });

  it('backs off exponentially between retries, capped', async () => {
    const delays: number[] = [];
    const stub = dynamo.on(BatchWriteCommand);
    for (let attempt = 0; attempt < 5; attempt++)
      stub.resolvesOnce({ UnprocessedItems: { [TABLE]: puts(1) } });
    stub.resolves({});
    await batchWrite(client, TABLE, puts(1), {
      sleep: async (ms) => void delays.push(ms),
      random: () => 1,
      baseDelayMs: 100,
      maxDelayMs: 500,
      maxAttempts: 10,
    });
    expect(delays).toEqual([100, 200, 400, 500, 500]);
  });

  it('throws with the remaining requests when they are still unprocessed after the last attempt', async () => {
    const requests = puts(2);
    dynamo.on(BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: requests } });
    const failure = batchWrite(client, TABLE, requests, { ...noWait, maxAttempts: 3 });
    await expect(failure).rejects.toBeInstanceOf(UnprocessedItemsError);
    await expect(failure).rejects.toMatchObject({ remaining: requests });
    expect(sentItems()).toEqual([2, 2, 2]);
  });

  it('collapses two requests for the same key, which DynamoDB would reject', async () => {
    dynamo.on(BatchWriteCommand).resolves({});
    const twice = [...puts(1), ...puts(1)];
    const stats = await batchWrite(client, TABLE, twice, noWait);
    expect(sentItems()).toEqual([1]);
    expect(stats.items).toBe(1);
  });

  it('sends nothing for no requests', async () => {
    await batchWrite(client, TABLE, [], noWait);
    expect(sentItems()).toEqual([]);
  });
});
