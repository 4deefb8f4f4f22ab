/**
 * A one-off operator migration (`npm run admin -- index-instance`) for tables written before the Mastodon
 * API's own reads existed: top-level posts get their local-timeline index keys (GSI2 `LOCAL#<shard>`), and the
 * instance counters (`STATS` shards: confirmed accounts, posts) are recomputed from the table. It pages the whole
 * table with a Scan filtered to user and post items, so it is an operator's tool only, never reachable by a
 * user's request.
 *
 * Idempotent: a post that has a GSI2 key is skipped (the write is conditioned on it still having none and still
 * existing), and the counters are set to absolute values (shard 0 holds the total, the others 0), so a second
 * run gives the same result. Accounts confirmed or posts written while the Scan runs may be counted or missed
 * (the Scan is not a snapshot): run it when the instance is quiet, and once more to correct any drift.
 */

import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';
import { addIndexKeys } from './index-keys';
import { INSTANCE_STAT_SHARDS, type InstanceStat } from './instance-stats-repository';
import { ItemType, keys, postIdFromSortKey } from './keys';
import { scanPages } from './scan-pages';

export interface InstanceIndexBackfill {
  /** Top-level posts given their local-timeline keys by this run. */
  postsIndexed: number;
  /** Posts already indexed (or replies, which GSI2 lists under their parent), or gone meanwhile. */
  postsSkipped: number;
  /** The counts the counters now hold. */
  counted: Record<InstanceStat, number>;
}

export async function backfillInstanceIndexes(): Promise<InstanceIndexBackfill> {
  const result: InstanceIndexBackfill = { postsIndexed: 0, postsSkipped: 0, counted: { users: 0, posts: 0 } };
  const pages = scanPages({
    FilterExpression: '#type IN (:user, :post)',
    ProjectionExpression: 'PK, SK, #type, emailVerified, replyTo, GSI2PK',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':user': ItemType.User, ':post': ItemType.Post },
  });
  for await (const items of pages) {
    for (const item of items) {
      if (item.type === ItemType.User) {
        if (item.emailVerified === true) result.counted.users++;
        continue;
      }
      result.counted.posts++;
      if (item.GSI2PK !== undefined || item.replyTo !== undefined) {
        result.postsSkipped++;
        continue;
      }
      if (await indexLocalPost(item.PK, item.SK)) result.postsIndexed++;
      else result.postsSkipped++;
    }
  }
  await setInstanceStats(result.counted);
  return result;
}

/** Gives a top-level post its local-timeline keys; false when it has some by now, or is gone. */
function indexLocalPost(PK: unknown, SK: unknown): Promise<boolean> {
  const indexKeys = keys.localPost(postIdFromSortKey(String(SK)));
  return addIndexKeys({ client: db(), tableName: tableName(), key: { PK, SK }, indexKeys, guard: 'GSI2PK' });
}

/** Every shard of both counters in one transaction (2 × 16 Puts): shard 0 the total, the rest 0. */
async function setInstanceStats(counted: Record<InstanceStat, number>): Promise<void> {
  const stats: InstanceStat[] = ['users', 'posts'];
  await db().send(
    new TransactWriteCommand({
      TransactItems: stats.flatMap((stat) =>
        Array.from({ length: INSTANCE_STAT_SHARDS }, (_, shard) => ({
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.instanceStat(stat, shard),
              type: ItemType.InstanceStat,
              count: shard === 0 ? counted[stat] : 0,
            },
          },
        })),
      ),
    }),
  );
}
