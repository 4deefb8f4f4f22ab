import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  failedGuards,
  TransactionBusyError,
  TransactionGuardsFailed,
  transact,
} from '#shared/db/transactions';

const dynamo = mockClient(DynamoDBDocumentClient);
const waits: number[] = [];
const recordWait = { sleep: async (ms: number) => void waits.push(ms) };

const items = {
  post: {
    Put: { TableName: 't', Item: { PK: 'A', SK: 'A' }, ConditionExpression: 'attribute_not_exists(PK)' },
  },
  counter: { Update: { TableName: 't', Key: { PK: 'B', SK: 'B' }, UpdateExpression: 'ADD n :one' } },
  parent: undefined,
  copy: { Put: { TableName: 't', Item: { PK: 'C', SK: 'C' } } },
};

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

describe('transact', () => {
  beforeEach(() => {
    dynamo.reset();
    waits.length = 0;
  });

  it('writes the named items in order, leaving out undefined ones', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await transact(items, recordWait);
    const sent = dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems);
    expect(sent).toEqual([[items.post, items.counter, items.copy]]);
    expect(waits).toEqual([]);
  });

  it('reports a failed guard by its name, not its position', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    const error = await transact(items, recordWait).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransactionGuardsFailed);
    expect([...(failedGuards(error)?.guards ?? [])]).toEqual(['copy']);
    expect(failedGuards(error)?.has('post')).toBe(false);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('retries a TransactionConflict with jittered, growing, capped backoff until it commits', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None', 'None'))
      .rejectsOnce(cancelled('None', 'TransactionConflict', 'None'))
      .resolves({});
    await transact(items, { ...recordWait, baseDelayMs: 100, maxDelayMs: 300 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(0);
    expect(waits[0]).toBeLessThan(200);
    expect(waits[1]).toBeLessThan(300);
  });

  it('gives up after the last attempt with a retryable 503', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None', 'None'));
    const error = await transact(items, { ...recordWait, maxAttempts: 3 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransactionBusyError);
    expect(error).toMatchObject({ statusCode: 503, code: 'busy' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it('reports a failed guard even when another item conflicted, without retrying', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejects(cancelled('ConditionalCheckFailed', 'TransactionConflict', 'None'));
    const error = await transact(items, recordWait).catch((caught: unknown) => caught);
    expect([...(failedGuards(error)?.guards ?? [])]).toEqual(['post']);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('passes any other error through untouched', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    dynamo.on(TransactWriteCommand).rejects(throttled);
    await expect(transact(items, recordWait)).rejects.toThrow('Rate exceeded');
    expect(failedGuards(throttled)).toBeUndefined();
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
