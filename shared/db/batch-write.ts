/**
 * BatchWriteItem for any number of puts and deletes: 25 requests per call (DynamoDB's limit), duplicates of a
 * key collapsed (DynamoDB rejects a batch that names a key twice), and UnprocessedItems retried with capped
 * exponential backoff and full jitter. Throws if anything is still unprocessed after the last attempt, so the
 * caller (e.g. the stream consumer) can fail the record and have it retried rather than lose writes.
 */
import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { TABLE } from './table';

export const MAX_BATCH_WRITE_ITEMS = 25;

export type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> }; DeleteRequest?: never }
  | { DeleteRequest: { Key: Record<string, unknown> }; PutRequest?: never };

export interface BatchWriteOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
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

const defaults = { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 2_000 };

export async function batchWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
  options: BatchWriteOptions = {},
): Promise<BatchWriteStats> {
  const settings = { ...defaults, sleep: delay, random: Math.random, ...options };
  const unique = collapseDuplicates(requests);
  const stats: BatchWriteStats = {
    requests: 0,
    consumedWriteUnits: 0,
    items: unique.length,
    retriedItems: 0,
  };
  for (let start = 0; start < unique.length; start += MAX_BATCH_WRITE_ITEMS) {
    let pending = unique.slice(start, start + MAX_BATCH_WRITE_ITEMS);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > settings.maxAttempts) throw new UnprocessedItemsError(pending);
      if (attempt > 1) {
        stats.retriedItems += pending.length;
        const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 2));
        await settings.sleep(Math.floor(settings.random() * ceiling));
      }
      const output = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending }, ReturnConsumedCapacity: 'TOTAL' }),
      );
      stats.requests++;
      stats.consumedWriteUnits += consumedUnits(output);
      pending = (output.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    }
  }
  return stats;
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
