/**
 * BatchGetItem for any number of keys: 100 keys per request (DynamoDB's limit), duplicates collapsed, and
 * UnprocessedKeys retried with capped exponential backoff, so a throttled read never looks like a missing item.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { db, tableName } from './client';
import type { PrimaryKey } from './keys';

const MAX_BATCH_GET_KEYS = 100;
const MAX_ATTEMPTS = 9;

/** The items that exist, in no particular order. */
export async function batchGet(
  itemKeys: readonly PrimaryKey[],
  options: {
    consistent?: boolean;
    /** Only these attributes (with their `#name` placeholders); the whole items when absent. */
    projection?: { expression: string; names: Record<string, string> };
  } = {},
): Promise<Record<string, NativeAttributeValue>[]> {
  const found: Record<string, NativeAttributeValue>[] = [];
  const unique = [...new Map(itemKeys.map((key) => [`${key.PK}\n${key.SK}`, key])).values()];
  for (let start = 0; start < unique.length; start += MAX_BATCH_GET_KEYS) {
    let pending: Record<string, unknown>[] = unique.slice(start, start + MAX_BATCH_GET_KEYS);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error('BatchGetItem left keys unprocessed after retries');
      if (attempt > 1)
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt)));
      const output = await db().send(
        new BatchGetCommand({
          RequestItems: {
            [tableName()]: {
              Keys: pending,
              ConsistentRead: options.consistent ?? false,
              ...(options.projection
                ? {
                    ProjectionExpression: options.projection.expression,
                    ExpressionAttributeNames: options.projection.names,
                  }
                : {}),
            },
          },
        }),
      );
      found.push(...(output.Responses?.[tableName()] ?? []));
      pending = output.UnprocessedKeys?.[tableName()]?.Keys ?? [];
    }
  }
  return found;
}
