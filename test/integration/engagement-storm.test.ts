import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '#shared/db/client';
import { engagementStore } from '#shared/db/engagement-repository';
import { keys } from '#shared/db/keys';
import { postStore } from '#shared/db/post-repository';
import { relationshipReads } from '#shared/db/relationship-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import { disengage, type EngagementKind, engage } from '#shared/domain/engagement/engagement';
import { createPost } from '#shared/domain/post';
import { postVisibility } from '#shared/domain/relationships/visibility';
import { insertVerifiedUser } from '#test/factories/users';

const deps = {
  engagements: engagementStore,
  posts: postStore,
  rateLimit: async () => {},
  canSee: postVisibility(relationshipReads),
  relationships: relationshipReads,
  clock: systemClock,
  ids: ulidIds,
};

async function storedCounts(authorId: string, postId: string) {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.post(authorId, postId), ConsistentRead: true }),
  );
  return { like: Number(Item?.likeCount ?? 0), repost: Number(Item?.repostCount ?? 0) };
}

async function edgeExists(kind: EngagementKind, userId: string, postId: string): Promise<boolean> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.engagement(kind, userId, postId),
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

describe('a like and repost storm', () => {
  it('ends with each count equal to the number of edges, after concurrent toggles and double submits', async () => {
    const ada = (await insertVerifiedUser()).user;
    const post = await createPost(
      {
        posts: postStore,
        users: userDirectory,
        relationships: relationshipReads,
        clock: systemClock,
        ids: ulidIds,
      },
      { authorId: ada.id, text: 'like me' },
    );
    const fans = await Promise.all(Array.from({ length: 8 }, () => insertVerifiedUser()));
    const actions: (() => Promise<boolean>)[] = [];
    for (const [index, fan] of fans.entries()) {
      for (const kind of ['like', 'repost'] as const) {
        const input = { kind, userId: fan.user.id, postId: post.id };
        // Every fan toggles several times, each request sent twice (a double submit); odd fans end engaged.
        for (let round = 0; round < 2; round++) {
          actions.push(
            () => engage(deps, input),
            () => engage(deps, input),
          );
          actions.push(
            () => disengage(deps, input),
            () => disengage(deps, input),
          );
        }
        if (index % 2 === 1)
          actions.push(
            () => engage(deps, input),
            () => engage(deps, input),
          );
      }
    }
    // Run all at once in a shuffled order (per-user order is not kept: the final state is what we check).
    const shuffled = actions
      .map((action) => ({ action, order: Math.random() }))
      .sort((a, b) => a.order - b.order);
    const outcomes = await Promise.allSettled(shuffled.map(({ action }) => action()));
    // Under this contention a request may give up after its conflict retries (503 busy, safe to retry);
    // nothing else may fail, and a busy request changed nothing.
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'busy' });
    }

    const counts = await storedCounts(ada.id, post.id);
    for (const kind of ['like', 'repost'] as const) {
      const present = await Promise.all(fans.map((fan) => edgeExists(kind, fan.user.id, post.id)));
      expect(counts[kind]).toBe(present.filter(Boolean).length);
    }
  }, 180_000);

  it('likes idempotently: a second like changes nothing, a like of a deleted post is a 404', async () => {
    const ada = (await insertVerifiedUser()).user;
    const bob = (await insertVerifiedUser()).user;
    const post = await createPost(
      {
        posts: postStore,
        users: userDirectory,
        relationships: relationshipReads,
        clock: systemClock,
        ids: ulidIds,
      },
      { authorId: ada.id, text: 'once' },
    );
    expect(await engage(deps, { kind: 'like', userId: bob.id, postId: post.id })).toBe(true);
    expect(await engage(deps, { kind: 'like', userId: bob.id, postId: post.id })).toBe(false);
    expect(await storedCounts(ada.id, post.id)).toEqual({ like: 1, repost: 0 });
    await postStore.remove(post);
    await expect(engage(deps, { kind: 'repost', userId: bob.id, postId: post.id })).rejects.toMatchObject({
      code: 'post_not_found',
    });
    expect(await edgeExists('repost', bob.id, post.id)).toBe(false);
  }, 60_000);

  it('reads a reader’s likes and reposts of a range of posts in one query', async () => {
    const ada = (await insertVerifiedUser()).user;
    const bob = (await insertVerifiedUser()).user;
    const postDeps = {
      posts: postStore,
      users: userDirectory,
      relationships: relationshipReads,
      clock: systemClock,
      ids: ulidIds,
    };
    const posts = [];
    for (let index = 0; index < 4; index++)
      posts.push(await createPost(postDeps, { authorId: ada.id, text: `p${index}` }));
    const [p0, p1, p2, p3] = posts.map((post) => post.id) as [string, string, string, string];
    await engage(deps, { kind: 'like', userId: bob.id, postId: p1 });
    await engage(deps, { kind: 'repost', userId: bob.id, postId: p1 });
    await engage(deps, { kind: 'repost', userId: bob.id, postId: p3 });
    const found = await engagementStore.engagedBetween(bob.id, p0, p2);
    expect(found.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'like', postId: p1 },
      { kind: 'repost', postId: p1 },
    ]);
  }, 60_000);
});
