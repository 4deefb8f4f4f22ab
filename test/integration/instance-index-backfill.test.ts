/**
 * The index-instance migration on DynamoDB Local: posts written before the local timeline existed get its keys,
 * and the instance counters are recomputed from the table, the same after a second run. This file's table is
 * its own, so the counts are exact.
 */
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '#shared/db/client';
import { backfillInstanceIndexes } from '#shared/db/instance-index-backfill';
import { readInstanceStats } from '#shared/db/instance-stats-repository';
import { keys } from '#shared/db/keys';
import { localPostsBefore } from '#shared/db/local-timeline-repository';
import { postItem } from '#shared/db/post-item';
import { ulidIds } from '#shared/domain/clock';
import type { Post } from '#shared/domain/post';
import { toUserSummary } from '#shared/domain/user';
import { insertVerifiedUser } from '#test/factories/users';

function postBy(author: Post['author'], replyTo: string | null = null): Post {
  const now = new Date();
  return {
    id: ulidIds.next(now),
    author,
    text: replyTo ? 'a reply from before' : 'a post from before',
    entities: { urls: [], mentions: [], hashtags: [] },
    replyTo,
    attachments: [],
    createdAt: now.toISOString(),
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
  };
}

/** A post item as it was written before: without the local-timeline keys (a reply keeps its parent's). */
async function writeTheOldWay(post: Post): Promise<void> {
  const { GSI2PK, GSI2SK, ...item } = postItem(post) as Record<string, unknown>;
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: post.replyTo ? { ...item, GSI2PK, GSI2SK } : item,
    }),
  );
}

describe('the index-instance migration', () => {
  it('indexes older top-level posts and recounts accounts and posts, the same when run twice', async () => {
    const [ada, bob] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    // An account that never confirmed its address is not counted.
    const unconfirmedId = ulidIds.next(new Date());
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.user(unconfirmedId), type: 'USER', userId: unconfirmedId, emailVerified: false },
      }),
    );
    const first = postBy(toUserSummary(ada.user));
    const second = postBy(toUserSummary(bob.user));
    const reply = postBy(toUserSummary(bob.user), first.id);
    for (const post of [first, second, reply]) await writeTheOldWay(post);
    // Counters as a table from before holds them: none at all.
    const stats = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.instanceStatsPartition().PK },
      }),
    );
    for (const item of stats.Items ?? []) {
      await db().send(new DeleteCommand({ TableName: tableName(), Key: { PK: item.PK, SK: item.SK } }));
    }
    expect((await localPostsBefore(undefined, 10)).posts).toEqual([]);
    expect(await readInstanceStats()).toEqual({ users: 0, posts: 0 });

    const run = await backfillInstanceIndexes();
    expect(run).toEqual({ postsIndexed: 2, postsSkipped: 1, counted: { users: 2, posts: 3 } });
    expect((await localPostsBefore(undefined, 10)).posts.map((post) => post.id)).toEqual([
      second.id,
      first.id,
    ]);
    expect(await readInstanceStats()).toEqual({ users: 2, posts: 3 });

    const again = await backfillInstanceIndexes();
    expect(again).toEqual({ postsIndexed: 0, postsSkipped: 3, counted: { users: 2, posts: 3 } });
    expect(await readInstanceStats()).toEqual({ users: 2, posts: 3 });
    expect((await localPostsBefore(undefined, 10)).posts).toHaveLength(2);
  });
});
