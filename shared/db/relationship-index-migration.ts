/**
 * A one-off operator migration (`npm run admin -- index-relations`): block and mute edges and follow requests
 * written before they carried their index keys (GSI1: the reverse edge erasure pages; GSI2: the newest-first
 * lists) get them. It pages the whole table with a Scan filtered to those items, so it is an operator's tool
 * only and never reachable by a user's request. Idempotent: an item that has its keys is skipped, and the write
 * is conditioned on the item still existing.
 */

import { db, tableName } from './client';
import { addIndexKeys } from './index-keys';
import { ItemType, keys } from './keys';
import { scanPages } from './scan-pages';

export interface RelationIndexMigration {
  /** Items given their index keys by this run. */
  indexed: number;
  /** Items already indexed, or gone before they could be. */
  skipped: number;
}

/** The index keys an unindexed edge or request needs, from its own attributes. */
function indexKeysOf(item: Record<string, unknown>): Record<string, string> | undefined {
  const createdAt = String(item.createdAt);
  if (item.type === ItemType.Block || item.type === ItemType.Mute) {
    const kind = item.type === ItemType.Block ? 'block' : 'mute';
    const [userId, otherId] = [String(item.userId), String(item.otherId)];
    return {
      ...keys.relationOf(kind, otherId, userId),
      ...keys.relationByTime(kind, userId, createdAt, otherId),
    };
  }
  if (item.type === ItemType.FollowRequest) {
    const [requesterId, targetId] = [String(item.requesterId), String(item.targetId)];
    return {
      ...keys.followRequestBy(requesterId, targetId),
      ...keys.followRequestByTime(targetId, createdAt, requesterId),
    };
  }
  return undefined;
}

export async function indexRelationsWrittenBefore(): Promise<RelationIndexMigration> {
  const result: RelationIndexMigration = { indexed: 0, skipped: 0 };
  const pages = scanPages({
    FilterExpression: '#type IN (:block, :mute, :request) AND attribute_not_exists(GSI2PK)',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: {
      ':block': ItemType.Block,
      ':mute': ItemType.Mute,
      ':request': ItemType.FollowRequest,
    },
  });
  for await (const items of pages) {
    for (const item of items) {
      const indexKeys = indexKeysOf(item);
      if (!indexKeys) continue;
      const key = { PK: item.PK, SK: item.SK };
      const written = await addIndexKeys({
        client: db(),
        tableName: tableName(),
        key,
        indexKeys,
        guard: 'GSI2PK',
      });
      if (written) result.indexed++;
      else result.skipped++;
    }
  }
  return result;
}
