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
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { TABLE } from './table';

export const MAX_BATCH_WRITE_ITEMS = 25;
/** Calls in flight by default: enough to hide the round trip, few enough to stay far from a Lambda's sockets. */
export const DEFAULT_BATCH_WRITE_CONCURRENCY = 8;

export type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> }; DeleteRequest?: never }
  | { DeleteRequest: { Key: Record<string, unknown> }; PutRequest?: never };

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
  /** Write capacity units DynamoDB reported (0 where it does not report them, e.g. DynamoDB Local). */
  consumedWriteUnits: number;
  /** Items written (after collapsing duplicates). */
  items: number;
  retriedItems: number;
}

export class UnprocessedItemsError extends Error {
  override name = 'UnprocessedItemsError';
  constructor(readonly remaining: WriteRequest[]) {
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

export async function batchWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[] | AsyncIterable<readonly WriteRequest[]>,
  options: BatchWriteOptions = {},
): Promise<BatchWriteStats> {
  const settings: Settings = { ...defaults, sleep: delay, random: Math.random, ...options };
  const stats: BatchWriteStats = { requests: 0, consumedWriteUnits: 0, items: 0, retriedItems: 0 };
  const backoff = new SharedBackoff(settings);
  const inFlight = new Set<Promise<void>>();
  const failed: WriteRequest[] = [];
  let failure: unknown;
  const stopped = () => failure !== undefined || failed.length > 0;

  const send = async (batch: WriteRequest[]): Promise<void> => {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > 1) stats.retriedItems += pending.length;
      await backoff.ready();
      let output: BatchWriteCommandOutput;
      try {
        output = await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: pending }, ReturnConsumedCapacity: 'TOTAL' }),
        );
      } catch (error) {
        // The SDK has already retried it a few times; past that, it is one more push-back to wait out.
        if (!THROTTLING.has((error as Error).name)) throw error;
        output = { UnprocessedItems: { [tableName]: pending }, $metadata: {} };
      }
      stats.requests++;
      stats.consumedWriteUnits += consumedUnits(output);
      pending = (output.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      if (pending.length === 0) return;
      // Stop early when another batch already failed: the whole write is retried by the caller anyway.
      if (attempt >= settings.maxAttempts || stopped()) {
        failed.push(...pending);
        return;
      }
      await backoff.pushedBack(attempt);
    }
  };

  const dispatch = (batch: WriteRequest[]): void => {
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
    for await (const batch of batches(requests, stats)) {
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
async function* batches(
  requests: readonly WriteRequest[] | AsyncIterable<readonly WriteRequest[]>,
  stats: BatchWriteStats,
): AsyncGenerator<WriteRequest[]> {
  if (isArray(requests)) {
    const unique = collapseDuplicates(requests);
    stats.items = unique.length;
    for (let start = 0; start < unique.length; start += MAX_BATCH_WRITE_ITEMS) {
      yield unique.slice(start, start + MAX_BATCH_WRITE_ITEMS);
    }
    return;
  }
  const buffer = new Map<string, WriteRequest>();
  const drain = () => {
    const batch = [...buffer.values()];
    stats.items += batch.length;
    buffer.clear();
    return batch;
  };
  for await (const page of requests) {
    for (const request of page) {
      buffer.set(primaryKeyOf(request), request);
      if (buffer.size === MAX_BATCH_WRITE_ITEMS) yield drain();
    }
  }
  if (buffer.size > 0) yield drain();
}

function isArray(
  requests: readonly WriteRequest[] | AsyncIterable<readonly WriteRequest[]>,
): requests is readonly WriteRequest[] {
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

function collapseDuplicates(requests: readonly WriteRequest[]): WriteRequest[] {
  const byKey = new Map<string, WriteRequest>();
  for (const request of requests) byKey.set(primaryKeyOf(request), request);
  return [...byKey.values()];
}

function primaryKeyOf(request: WriteRequest): string {
  const record = request.PutRequest ? request.PutRequest.Item : request.DeleteRequest.Key;
  return JSON.stringify([record[TABLE.partitionKey], record[TABLE.sortKey]]);
}

function consumedUnits(output: BatchWriteCommandOutput): number {
  return (output.ConsumedCapacity ?? []).reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
