import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  batchWrite,
  batchWriteMarshalled,
  type MarshalledWriteRequest,
  UnprocessedItemsError,
  type WriteRequest,
} from '#shared/db/batch-write';

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
    for (const call of dynamo.commandCalls(BatchWriteCommand)) {
      expect(Object.keys(call.args[0].input)).toEqual(['RequestItems']);
    }
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

  it('keeps at most `concurrency` calls in flight and still writes every batch once', async () => {
    let inFlight = 0;
    let most = 0;
    dynamo.on(BatchWriteCommand).callsFake(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return {};
    });
    const stats = await batchWrite(client, TABLE, puts(250), { ...noWait, concurrency: 3 });
    expect(most).toBe(3);
    expect(sentItems()).toEqual(Array(10).fill(25));
    expect(stats).toMatchObject({ requests: 10, items: 250 });
  });

  it('reads pages while writing and collapses a key repeated within a batch', async () => {
    dynamo.on(BatchWriteCommand).resolves({});
    async function* pages() {
      yield puts(20);
      yield puts(20);
      yield puts(30);
    }
    const stats = await batchWrite(client, TABLE, pages(), noWait);
    // The second page repeats the first page's keys while they are still buffered: one request each.
    expect(sentItems()).toEqual([25, 5]);
    expect(stats.items).toBe(30);
  });

  it('reads the next page while the current page is still being written', async () => {
    const events: string[] = [];
    dynamo.on(BatchWriteCommand).callsFake(async () => {
      events.push('write sent');
      return {};
    });
    async function* pages() {
      events.push('page 1 read');
      yield puts(50);
      events.push('page 2 read');
      yield puts(60).slice(50);
    }
    await batchWrite(client, TABLE, pages(), { ...noWait, concurrency: 1 });
    // One call in flight: page 2's read must not wait until page 1's two batches have gone.
    expect(events.slice(0, 3)).toEqual(['page 1 read', 'page 2 read', 'write sent']);
    expect(sentItems()).toEqual([25, 25, 10]);
  });

  it('fails with the error of a page read that fails while the page before it is written', async () => {
    // Slow writes: the read fails before anything awaits it, which must not be an unhandled rejection.
    dynamo.on(BatchWriteCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve({}), 5)));
    async function* pages() {
      yield puts(50);
      throw new Error('the follower query failed');
    }
    await expect(batchWrite(client, TABLE, pages(), { ...noWait, concurrency: 1 })).rejects.toThrow(
      'the follower query failed',
    );
  });

  it('closes the page source when a batch fails before every page is read', async () => {
    dynamo.on(BatchWriteCommand).rejects(new Error('boom'));
    let closed = false;
    async function* pages() {
      try {
        for (;;) yield puts(25);
      } finally {
        closed = true;
      }
    }
    await expect(batchWrite(client, TABLE, pages(), { ...noWait, concurrency: 1 })).rejects.toThrow('boom');
    expect(closed).toBe(true);
  });

  it('makes the other calls in flight wait out a push-back', async () => {
    let backingOff = false;
    let sentDuringBackoff = 0;
    let first = true;
    dynamo.on(BatchWriteCommand).callsFake(async (input) => {
      if (backingOff) sentDuringBackoff++;
      // Answers come a macrotask later, as over a network: the four first calls are all out before the push-back.
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (first) {
        first = false;
        return { UnprocessedItems: { [TABLE]: input.RequestItems[TABLE] } };
      }
      return {};
    });
    let release = () => {};
    const sleep = () => {
      backingOff = true;
      return new Promise<void>((resolve) => {
        release = () => {
          backingOff = false;
          resolve();
        };
      });
    };
    // Eight batches, four in flight: the four waiting behind the pushed-back call must not go out meanwhile.
    const writing = batchWrite(client, TABLE, puts(200), { sleep, random: () => 1, concurrency: 4 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(backingOff).toBe(true);
    release();
    const stats = await writing;
    expect(sentDuringBackoff).toBe(0);
    expect(stats).toMatchObject({ requests: 9, items: 200, retriedItems: 25 });
  });

  describe('with several calls in flight, pushed back in turn', () => {
    /** A throttling error as the SDK throws it once its own retries are spent. */
    const throttled = () =>
      Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
        name: 'ProvisionedThroughputExceededException',
      });
    /** Sleeps that end a macrotask later, so waits and answers interleave as they would with real timers. */
    const shortSleeps = {
      sleep: () => new Promise<void>((resolve) => setTimeout(resolve, 1)),
      random: () => 1,
    };

    /** Answers by call number: a throttling error, part of the batch unprocessed, or success; tracks what landed. */
    function scriptedTable(script: (call: number) => 'throttle' | 'half' | 'ok') {
      const written = new Map<string, number>();
      let calls = 0;
      let inFlight = 0;
      dynamo.on(BatchWriteCommand).callsFake(async (input) => {
        const call = ++calls;
        inFlight++;
        try {
          const batch: WriteRequest[] = input.RequestItems[TABLE];
          // Answers arrive out of order, one to three macrotasks later.
          for (let tick = 0; tick <= call % 3; tick++) await new Promise((resolve) => setTimeout(resolve, 0));
          const answer = script(call);
          if (answer === 'throttle') throw throttled();
          const unprocessed = answer === 'half' ? batch.slice(batch.length / 2) : [];
          for (const request of batch.slice(0, batch.length - unprocessed.length)) {
            const key = String(request.PutRequest?.Item.PK);
            written.set(key, (written.get(key) ?? 0) + 1);
          }
          return unprocessed.length > 0 ? { UnprocessedItems: { [TABLE]: unprocessed } } : {};
        } finally {
          inFlight--;
        }
      });
      return { written, inFlight: () => inFlight };
    }

    it('writes every item once when throttling and UnprocessedItems hit different calls at once', async () => {
      const answers = ['throttle', 'half', 'ok', 'throttle', 'half', 'throttle', 'ok', 'half'] as const;
      const table = scriptedTable((call) => answers[call - 1] ?? 'ok');
      const stats = await batchWrite(client, TABLE, puts(200), { ...shortSleeps, concurrency: 4 });
      expect(table.written.size).toBe(200);
      expect([...table.written.values()].every((times) => times === 1)).toBe(true);
      expect(stats).toMatchObject({ items: 200, requests: 14 });
    });

    it('gives up with the unprocessed requests, and nothing left in flight, when one call stays pushed back', async () => {
      // Every odd call is throttled: the batches that keep drawing odd calls run out of attempts.
      const table = scriptedTable((call) => (call % 2 === 1 ? 'throttle' : 'ok'));
      const writing = batchWrite(client, TABLE, puts(200), {
        ...shortSleeps,
        concurrency: 4,
        maxAttempts: 2,
      });
      await expect(writing).rejects.toBeInstanceOf(UnprocessedItemsError);
      expect(table.inFlight()).toBe(0);
    });

    it('reads the pages of a streamed write to the end while calls back off', async () => {
      const table = scriptedTable((call) => (call % 3 === 0 ? 'half' : call % 4 === 0 ? 'throttle' : 'ok'));
      async function* pages() {
        for (let start = 0; start < 260; start += 40) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          yield puts(start + 40).slice(start, Math.min(start + 40, 260));
        }
      }
      const stats = await batchWrite(client, TABLE, pages(), { ...shortSleeps, concurrency: 3 });
      expect(table.written.size).toBe(260);
      expect(stats.items).toBe(260);
    });
  });

  it('rethrows an error that is not a push-back, after the calls in flight have settled', async () => {
    dynamo.on(BatchWriteCommand).rejectsOnce(new Error('boom')).resolves({});
    await expect(batchWrite(client, TABLE, puts(100), { ...noWait, concurrency: 4 })).rejects.toThrow('boom');
  });
});

describe('batchWriteMarshalled', () => {
  const lowLevel = new DynamoDBClient({ region: 'us-east-1' });
  const lowLevelMock = mockClient(lowLevel);
  beforeEach(() => lowLevelMock.reset());
  const marshalledPuts = (count: number): MarshalledWriteRequest[] =>
    Array.from({ length: count }, (_, index) => ({
      PutRequest: { Item: { PK: { S: `TIMELINE#u${index}` }, SK: { S: 'POST#p1' }, n: { N: '1' } } },
    }));

  it('sends attribute values unchanged as BatchWriteItem, 25 a call, retrying what comes back', async () => {
    const requests = marshalledPuts(30);
    lowLevelMock
      .on(BatchWriteItemCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: requests.slice(0, 2) } })
      .resolves({});
    const stats = await batchWriteMarshalled(lowLevel, TABLE, requests, noWait);
    const sent = lowLevelMock.commandCalls(BatchWriteItemCommand).map((call) => call.args[0].input);
    expect(sent.map((input) => input.RequestItems?.[TABLE]?.length)).toEqual([25, 5, 2]);
    expect(sent[0]?.RequestItems?.[TABLE]?.[0]).toEqual(requests[0]);
    // Nothing but the items: no ReturnConsumedCapacity, which nothing reads and DynamoDB Local pays for.
    for (const input of sent) expect(Object.keys(input)).toEqual(['RequestItems']);
    expect(stats).toMatchObject({ requests: 3, items: 30, retriedItems: 2 });
  });

  it('collapses two requests for the same key in one batch of pages', async () => {
    lowLevelMock.on(BatchWriteItemCommand).resolves({});
    async function* pages() {
      yield marshalledPuts(2);
      yield marshalledPuts(1);
    }
    const stats = await batchWriteMarshalled(lowLevel, TABLE, pages(), noWait);
    expect(stats.items).toBe(2);
  });
});
