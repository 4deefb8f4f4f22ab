import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryFailureDestination } from '#local/failure-destination';
import { createInvoker } from '#local/lambda-invoker';
import { silentLogger } from '#local/log';
import {
  ConsumerLane,
  describeBacklog,
  type LaneOptions,
  type LaneStatus,
  type QueuedRecord,
} from '#local/stream-consumer-lane';
import type { StreamConsumer } from '#shared/catalog';

const lanes: ConsumerLane[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(lanes.splice(0).map((lane) => lane.stop()));
});

function consumer(overrides: Partial<StreamConsumer> = {}): StreamConsumer {
  return {
    name: 'Recorder',
    entry: 'test/fixtures/local-recording-consumer.ts',
    uses: [],
    timeoutSeconds: 120,
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    retryAttempts: 2,
    maxRecordAgeSeconds: -1,
    bisectOnError: false,
    filters: [],
    ...overrides,
  };
}

function queued(sequenceNumber: string, readAt = Date.now()): QueuedRecord {
  const record: DynamoDBRecord = { eventName: 'INSERT', dynamodb: { SequenceNumber: sequenceNumber } };
  return { shardId: 'shard-1', sequenceNumber, record, readAt };
}

function startLane(options: Partial<LaneOptions> & Pick<LaneOptions, 'invoke'>) {
  const destination = memoryFailureDestination();
  const lane = new ConsumerLane({
    consumer: consumer(),
    destination,
    streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/1',
    region: 'us-east-1',
    logger: silentLogger,
    retryDelayMs: 1,
    ...options,
  });
  lanes.push(lane);
  return { lane, destination };
}

/** An invoke that answers only when told to, and says when it has been called. */
function heldInvoke() {
  let called = () => {};
  const invoked = new Promise<void>((resolve) => {
    called = resolve;
  });
  let answer = (_result: unknown) => {};
  const invoke = () => {
    called();
    return new Promise<unknown>((resolve) => {
      answer = resolve;
    });
  };
  return { invoke, invoked, answer: (result: unknown) => answer(result) };
}

describe('ConsumerLane.status', () => {
  it('names the invocation in flight, how long it has run and the function timeout', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    const held = heldInvoke();
    const { lane } = startLane({ invoke: held.invoke });
    lane.push([queued('1'), queued('2'), queued('3')]);
    await held.invoked;
    vi.setSystemTime(1_061_000);
    expect(lane.status()).toEqual<LaneStatus>({
      name: 'Recorder',
      pending: 3,
      oldestPendingAgeMs: 61_000,
      invocation: { records: 3, runningForMs: 61_000, timeoutMs: 120_000 },
      retryInMs: undefined,
      lastFailure: undefined,
      settled: 0,
    });
    held.answer({ batchItemFailures: [] });
    await lane.whenIdle();
    expect(lane.status()).toMatchObject({ pending: 0, invocation: undefined, settled: 3 });
  });

  it('says how long the lane waits before retrying a failed batch', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    const held = heldInvoke();
    const invoke = vi.fn().mockRejectedValueOnce(new Error('boom')).mockImplementation(held.invoke);
    const { lane } = startLane({ invoke, retryDelayMs: 4_000 });
    lane.push([queued('1')]);
    // Real time stands still here (only Date is faked): let the lane run until it starts its pause.
    while (lane.status().retryInMs === undefined) await new Promise((resolve) => setImmediate(resolve));
    expect(lane.status().retryInMs).toBe(4_000);
    vi.setSystemTime(1_001_000);
    expect(lane.status()).toMatchObject({
      retryInMs: 3_000,
      invocation: undefined,
      lastFailure: { message: 'boom', agoMs: 1_000 },
    });
  });

  it('keeps the last failure once the invocation is over', async () => {
    const invoke = vi
      .fn()
      .mockRejectedValueOnce(new Error('Recorder timed out after 120 seconds'))
      .mockResolvedValue({ batchItemFailures: [] });
    const { lane } = startLane({ invoke });
    lane.push([queued('1')]);
    await lane.whenIdle();
    expect(invoke).toHaveBeenCalledTimes(2);
    expect(lane.status()).toMatchObject({
      invocation: undefined,
      lastFailure: { message: 'Recorder timed out after 120 seconds' },
    });
  });
});

describe('a timed-out invocation', () => {
  it('fails, and the batch is delivered again, as Lambda retries it', async () => {
    const received: unknown[] = [];
    // The first invocation never answers; the function's timeout (10 ms here) must end it.
    const handler = vi
      .fn()
      .mockImplementationOnce((event: unknown) => {
        received.push(event);
        return new Promise(() => {});
      })
      .mockImplementation(async (event: unknown) => {
        received.push(event);
        return { batchItemFailures: [] };
      });
    const invoke = createInvoker(async () => handler, 'us-east-1');
    const { lane, destination } = startLane({ invoke, consumer: consumer({ timeoutSeconds: 0.01 }) });
    lane.push([queued('1'), queued('2')]);
    await lane.whenIdle();
    expect(received).toHaveLength(2);
    expect(received[1]).toEqual(received[0]);
    expect(destination.sent()).toEqual([]);
    expect(lane.status().lastFailure?.message).toBe('Recorder timed out after 0.01 seconds');
  });
});

describe('describeBacklog', () => {
  const stuck: LaneStatus = {
    name: 'TableReactions',
    pending: 108,
    oldestPendingAgeMs: 61_234,
    invocation: { records: 100, runningForMs: 60_060, timeoutMs: 120_000 },
    retryInMs: undefined,
    lastFailure: undefined,
    settled: 13,
  };

  it('says that an invocation is in flight, for how long, and how little settled meanwhile', () => {
    expect(describeBacklog(stuck, 13)).toBe(
      'TableReactions: 108 (oldest read 61.2 s ago; 0 settled meanwhile; an invocation of 100 record(s) in ' +
        'flight for 60.1 s (the function times out after 120 s))',
    );
  });

  it('says that the lane waits to retry, and what failed last', () => {
    const retrying: LaneStatus = {
      ...stuck,
      invocation: undefined,
      retryInMs: 3_200,
      lastFailure: { message: 'boom', agoMs: 1_500 },
    };
    expect(describeBacklog(retrying, 10)).toBe(
      'TableReactions: 108 (oldest read 61.2 s ago; 3 settled meanwhile; retrying in 3.2 s; ' +
        'last failure 1.5 s ago: boom)',
    );
  });

  it('says when nothing is in flight nor waiting', () => {
    expect(describeBacklog({ ...stuck, invocation: undefined }, 0)).toBe(
      'TableReactions: 108 (oldest read 61.2 s ago; 13 settled meanwhile; no invocation in flight)',
    );
  });

  it('is just the count for a lane with nothing pending', () => {
    const drained: LaneStatus = {
      ...stuck,
      pending: 0,
      oldestPendingAgeMs: undefined,
      invocation: undefined,
    };
    expect(describeBacklog(drained, 0)).toBe('TableReactions: 0');
  });
});
