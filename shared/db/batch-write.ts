/**
 * BatchWriteItem for any number of puts and deletes: 25 requests per call (DynamoDB's limit), duplicates of a
 * key collapsed (DynamoDB rejects a batch that names a key twice), a bounded number of calls in flight, and
 * UnprocessedItems and throttling retried with capped exponential backoff and full jitter. Throws if anything
 * is still unprocessed after the last attempt, so the caller (e.g. the stream consumer) can fail the record
 * and have it retried rather than lose writes.
 *
 * Requests may come as an array or as pages (an async iterable, e.g. one page per page of followers read):
 * pages are read ahead while earlier batches are being written, so reading and writing overlap. The back-off
 * is shared by the calls in flight: when DynamoDB pushes back on one, every call waits before its next send,
 * instead of the others pressing on into the same throttled partition.
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  type WriteRequest as LowLevelWriteRequest,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE } from './table';

export const MAX_BATCH_WRITE_ITEMS = 25;
/** Calls in flight by default: enough to hide the round trip, few enough to stay far from a Lambda's sockets. */
export const DEFAULT_BATCH_WRITE_CONCURRENCY = 8;

export type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> }; DeleteRequest?: never }
  | { DeleteRequest: { Key: Record<string, unknown> }; PutRequest?: never };

/** A write request in DynamoDB's attribute-value form (what BatchWriteItem itself takes). */
export type MarshalledWriteRequest =
  | { PutRequest: { Item: Record<string, AttributeValue> }; DeleteRequest?: never }
  | { DeleteRequest: { Key: Record<string, AttributeValue> }; PutRequest?: never };

export interface BatchWriteOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** BatchWriteItem calls in flight at once (1 = one after another). */
  concurrency?: number;
  /** Injected in tests to skip real waiting. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface BatchWriteStats {
  /** BatchWriteItem calls made, retries included. */
  requests: number;
  /** Items written (after collapsing duplicates). */
  items: number;
  retriedItems: number;
}

export class UnprocessedItemsError extends Error {
  override name = 'UnprocessedItemsError';
  constructor(readonly remaining: readonly unknown[]) {
    super(`${remaining.length} write requests were still unprocessed after the last attempt`);
  }
}

const defaults = {
  maxAttempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 2_000,
  concurrency: DEFAULT_BATCH_WRITE_CONCURRENCY,
};
type Settings = Required<BatchWriteOptions>;

/** Error names the SDK gives DynamoDB's push-back; retried like UnprocessedItems, with the same back-off. */
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/** Doc-style requests (plain JavaScript items), sent through the document client, which marshals each item. */
export function batchWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[] | AsyncIterable<readonly WriteRequest[]>,
  options: BatchWriteOptions = {},
): Promise<BatchWriteStats> {
  return writeInBatches<WriteRequest>(
    async (batch) => {
      const output = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: batch } }));
      return (output.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    },
    docKeyOf,
    requests,
    options,
  );
}

/**
 * Requests already in DynamoDB's attribute-value form, sent as the low-level BatchWriteItem: nothing is
 * converted per call. The fan-out builds each post's entry once in this form and only swaps the owner key
 * (shared/db/post-item.ts), which is where the document client's per-item conversion was the CPU cost.
 */
export function batchWriteMarshalled(
  client: DynamoDBClient,
  tableName: string,
  requests: readonly MarshalledWriteRequest[] | AsyncIterable<readonly MarshalledWriteRequest[]>,
  options: BatchWriteOptions = {},
): Promise<BatchWriteStats> {
  return writeInBatches<MarshalledWriteRequest>(
    async (batch) => {
      const output = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: batch as LowLevelWriteRequest[] } }),
      );
      return (output.UnprocessedItems?.[tableName] ?? []) as MarshalledWriteRequest[];
    },
    marshalledKeyOf,
    requests,
    options,
  );
}

/** A list or pages of one kind of request as the same shape of another (pages stay pages, converted as read). */
export function mapPages<T, R>(
  source: readonly T[] | AsyncIterable<readonly T[]>,
  convert: (request: T) => R,
): readonly R[] | AsyncIterable<readonly R[]> {
  if (isArray(source)) return source.map(convert);
  return (async function* () {
    for await (const page of source) yield page.map(convert);
  })();
}

/**
 * One BatchWriteItem call: what DynamoDB handed back unprocessed. It asks for no consumed capacity: nothing
 * reads it (a write's units follow from its item sizes), and on DynamoDB Local it made every call about a
 * third slower (docs/performance.md).
 */
type SendBatch<R> = (batch: R[]) => Promise<R[]>;

async function writeInBatches<R>(
  sendBatch: SendBatch<R>,
  keyOf: (request: R) => string,
  requests: readonly R[] | AsyncIterable<readonly R[]>,
  options: BatchWriteOptions,
): Promise<BatchWriteStats> {
  const settings: Settings = { ...defaults, sleep: delay, random: Math.random, ...options };
  const stats: BatchWriteStats = { requests: 0, items: 0, retriedItems: 0 };
  const backoff = new SharedBackoff(settings);
  const inFlight = new Set<Promise<void>>();
  const failed: R[] = [];
  let failure: unknown;
  const stopped = () => failure !== undefined || failed.length > 0;

  const send = async (batch: R[]): Promise<void> => {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > 1) stats.retriedItems += pending.length;
      await backoff.ready();
      try {
        pending = await sendBatch(pending);
      } catch (error) {
        // The SDK has already retried it a few times; past that, it is one more push-back to wait out (the
        // whole batch stays pending).
        if (!THROTTLING.has((error as Error).name)) throw error;
      }
      stats.requests++;
      if (pending.length === 0) return;
      // Stop early when another batch already failed: the whole write is retried by the caller anyway.
      if (attempt >= settings.maxAttempts || stopped()) {
        failed.push(...pending);
        return;
      }
      await backoff.pushedBack(attempt);
    }
  };

  const dispatch = (batch: R[]): void => {
    const call = send(batch).then(
      () => {
        inFlight.delete(call);
      },
      (error: unknown) => {
        inFlight.delete(call);
        failure ??= error;
      },
    );
    inFlight.add(call);
  };

  try {
    for await (const batch of batches(requests, keyOf, stats)) {
      while (inFlight.size >= Math.max(1, settings.concurrency)) await Promise.race(inFlight);
      // After a failure nothing new is sent: the caller retries the whole write, which is idempotent.
      if (stopped()) break;
      dispatch(batch);
    }
  } finally {
    await Promise.all(inFlight);
  }
  if (failure !== undefined) throw failure;
  if (failed.length > 0) throw new UnprocessedItemsError(failed);
  return stats;
}

/**
 * Batches of at most 25 unique keys. An array is collapsed as a whole first (the last request for a key wins,
 * as it would have sequentially). Pages are collapsed within each batch: a caller streaming pages must not
 * name one key in two pages with different operations (batches in flight are not ordered), which fan-out's
 * pages, one owner each, never do.
 */
async function* batches<R>(
  requests: readonly R[] | AsyncIterable<readonly R[]>,
  keyOf: (request: R) => string,
  stats: BatchWriteStats,
): AsyncGenerator<R[]> {
  if (isArray(requests)) {
    const unique = collapseDuplicates(requests, keyOf);
    stats.items = unique.length;
    for (let start = 0; start < unique.length; start += MAX_BATCH_WRITE_ITEMS) {
      yield unique.slice(start, start + MAX_BATCH_WRITE_ITEMS);
    }
    return;
  }
  const buffer = new Map<string, R>();
  const drain = () => {
    const batch = [...buffer.values()];
    stats.items += batch.length;
    buffer.clear();
    return batch;
  };
  for await (const page of readAhead(requests)) {
    for (const request of page) {
      buffer.set(keyOf(request), request);
      if (buffer.size === MAX_BATCH_WRITE_ITEMS) yield drain();
    }
  }
  if (buffer.size > 0) yield drain();
}

/**
 * The pages of `source`, each next page requested as soon as the current one is handed on: the follower Query
 * for page n+1 runs while page n's batches are written, so the calls in flight never wait on a read.
 */
async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const pull = () => {
    const read = iterator.next();
    // A read that fails while the page before it is being written is rethrown where it is awaited, below.
    read.catch(() => undefined);
    return read;
  };
  let next = pull();
  let exhausted = false;
  try {
    for (let result = await next; !result.done; result = await next) {
      next = pull();
      yield result.value;
    }
    exhausted = true;
  } finally {
    if (!exhausted) {
      // Stopped early (a failed batch): settle the read already under way, then close the source.
      await next.catch(() => undefined);
      await iterator.return?.();
    }
  }
}

function isArray<R>(requests: readonly R[] | AsyncIterable<readonly R[]>): requests is readonly R[] {
  return Array.isArray(requests);
}

/**
 * One back-off for every call in flight. A call that DynamoDB pushed back on waits a capped, fully jittered
 * exponential delay (by its own attempt number, as a lone call always did); meanwhile every other call waits
 * for that delay to end before its next send.
 */
class SharedBackoff {
  private resume: Promise<void> = Promise.resolve();

  constructor(private readonly settings: Settings) {}

  /** Resolves when no push-back is being waited out. */
  ready(): Promise<void> {
    return this.resume;
  }

  async pushedBack(attempt: number): Promise<void> {
    const { baseDelayMs, maxDelayMs, random, sleep } = this.settings;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    const wait = sleep(Math.floor(random() * ceiling));
    const previous = this.resume;
    this.resume = Promise.all([previous, wait]).then(() => undefined);
    await wait;
  }
}

function collapseDuplicates<R>(requests: readonly R[], keyOf: (request: R) => string): R[] {
  const byKey = new Map<string, R>();
  for (const request of requests) byKey.set(keyOf(request), request);
  return [...byKey.values()];
}

function docKeyOf(request: WriteRequest): string {
  const record = request.PutRequest ? request.PutRequest.Item : request.DeleteRequest.Key;
  return JSON.stringify([record[TABLE.partitionKey], record[TABLE.sortKey]]);
}

function marshalledKeyOf(request: MarshalledWriteRequest): string {
  const record = request.PutRequest ? request.PutRequest.Item : request.DeleteRequest.Key;
  return JSON.stringify([record[TABLE.partitionKey]?.S, record[TABLE.sortKey]?.S]);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
