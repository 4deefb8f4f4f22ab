/**
 * Instance-wide counters (confirmed accounts, posts) for nodeinfo and the Mastodon instance answers, without a
 * Scan: each count is a few shard items (`STATS` / `USERS#<n>`, `POSTS#<n>`) that the transactions which confirm
 * or erase an account and create or delete a post update in the same TransactWriteItems, so the count changes
 * exactly when the thing it counts does (a replayed or retried write whose guard fails changes neither). A write
 * picks a shard at random: concurrent transactions on one item conflict, and 16 shards make that 16 times
 * rarer. Reading is one Query of the small `STATS` partition. Access patterns: docs/data-model.md
 * ("Mastodon-compatible API: its own reads").
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';
import { ItemType, keys } from './keys';
import type { TransactItem } from './transactions';

export const INSTANCE_STAT_SHARDS = 16;

export type InstanceStat = 'users' | 'posts';

/** The transaction item that adds `delta` to a random shard of the counter. */
export function instanceStatUpdate(stat: InstanceStat, delta: 1 | -1): TransactItem {
  const shard = Math.floor(Math.random() * INSTANCE_STAT_SHARDS);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.instanceStat(stat, shard),
      UpdateExpression: 'SET #type = :type ADD #count :delta',
      ExpressionAttributeNames: { '#type': 'type', '#count': 'count' },
      ExpressionAttributeValues: { ':type': ItemType.InstanceStat, ':delta': delta },
    },
  };
}

/** The sums of the shards: one Query (2 × 16 items of a few bytes, 0.5 RCU). */
export async function readInstanceStats(): Promise<Record<InstanceStat, number>> {
  const { PK } = keys.instanceStatsPartition();
  const { Items } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PK },
    }),
  );
  const totals: Record<InstanceStat, number> = { users: 0, posts: 0 };
  for (const item of Items ?? []) {
    const stat = String(item.SK).split('#')[0]?.toLowerCase();
    if (stat === 'users' || stat === 'posts') totals[stat] += Number(item.count ?? 0);
  }
  // A shard can dip below zero (a decrement landing on a shard the increment did not); the sum cannot.
  return { users: Math.max(0, totals.users), posts: Math.max(0, totals.posts) };
}
