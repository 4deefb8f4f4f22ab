/**
 * The local timeline: every top-level post on this server, newest first, from the sparse GSI2 entries of post
 * items (`LOCAL#<shard>` / `POST#<id>`; replies sit under their parent instead). One Query per shard, in
 * parallel, merged by id (ULIDs: id order is time order). Access pattern: docs/data-model.md
 * ("Mastodon-compatible API: its own reads").
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Post } from '#shared/domain/post';
import { db, tableName } from './client';
import { keys, LOCAL_TIMELINE_SHARDS } from './keys';
import { parsePostItem } from './post-item';

/**
 * The newest `limit` top-level posts strictly older than `before` (from the newest when undefined). Each
 * shard's newest `limit` are read, so the merge's first `limit` are exact.
 */
export async function localPostsBefore(
  before: string | undefined,
  limit: number,
): Promise<{ posts: Post[]; exhausted: boolean }> {
  const shards = await Promise.all(
    Array.from({ length: LOCAL_TIMELINE_SHARDS }, async (_, shard) => {
      const { GSI2PK, skPrefix } = keys.localPostsPartition(shard);
      const output = await db().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: 'GSI2',
          KeyConditionExpression:
            before === undefined
              ? 'GSI2PK = :pk AND begins_with(GSI2SK, :prefix)'
              : 'GSI2PK = :pk AND GSI2SK BETWEEN :prefix AND :before',
          ExpressionAttributeValues: {
            ':pk': GSI2PK,
            ':prefix': skPrefix,
            ...(before === undefined ? {} : { ':before': `${skPrefix}${before}` }),
          },
          ScanIndexForward: false,
          // One more than asked: the `before` post itself (bounds are inclusive) is dropped.
          Limit: limit + 1,
        }),
      );
      const posts = (output.Items ?? []).map(parsePostItem).filter((post) => post.id !== before);
      return { posts, exhausted: output.LastEvaluatedKey === undefined };
    }),
  );
  const merged = shards
    .flatMap((shard) => shard.posts)
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, limit);
  const everythingRead = shards.every((shard) => shard.exhausted);
  const total = shards.reduce((sum, shard) => sum + shard.posts.length, 0);
  return { posts: merged, exhausted: everythingRead && total <= limit };
}
