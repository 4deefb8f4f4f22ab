import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '#shared/db/client';
import { followStore } from '#shared/db/follow-repository';
import { keys } from '#shared/db/keys';
import { relationshipReads } from '#shared/db/relationship-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock } from '#shared/domain/clock';
import { followUser, listFollowers, listFollowing, unfollowUser } from '#shared/domain/follow';
import { insertVerifiedUser } from '#test/factories/users';

const deps = {
  follows: followStore,
  users: userDirectory,
  relationships: relationshipReads,
  clock: systemClock,
};

async function counts(userId: string) {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.user(userId), ConsistentRead: true }),
  );
  return { followers: Item?.followerCount as number, following: Item?.followingCount as number };
}

async function edgeCount(query: { followersOf?: string; followingOf?: string }): Promise<number> {
  const input = query.followersOf
    ? {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.followersPartition(query.followersOf).GSI1PK },
      }
    : {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: {
          ':pk': keys.followingPartition(query.followingOf ?? '').PK,
          ':p': keys.followingPartition(query.followingOf ?? '').skPrefix,
        },
      };
  const { Count } = await db().send(new QueryCommand({ TableName: tableName(), Select: 'COUNT', ...input }));
  return Count ?? 0;
}

describe('the follow graph', () => {
  it('follows and unfollows idempotently, changing the counters once', async () => {
    const ann = (await insertVerifiedUser()).user;
    const bob = (await insertVerifiedUser()).user;
    expect(await followUser(deps, { followerId: ann.id, username: bob.username })).toBe('followed');
    expect(await followUser(deps, { followerId: ann.id, username: bob.username })).toBe('already_following');
    expect(await counts(bob.id)).toMatchObject({ followers: 1 });
    expect(await counts(ann.id)).toMatchObject({ following: 1 });
    const followers = await listFollowers(deps, { username: bob.username, limit: 10 });
    expect(followers.items.map((user) => user.username)).toEqual([ann.username]);
    expect(followers.items[0]).not.toHaveProperty('email');
    const following = await listFollowing(deps, { username: ann.username, limit: 10 });
    expect(following.items.map((user) => user.username)).toEqual([bob.username]);
    expect(await unfollowUser(deps, { followerId: ann.id, username: bob.username })).toBe(true);
    expect(await unfollowUser(deps, { followerId: ann.id, username: bob.username })).toBe(false);
    expect(await counts(bob.id)).toMatchObject({ followers: 0 });
    expect(await counts(ann.id)).toMatchObject({ following: 0 });
  });

  it('pages the followers list with an opaque cursor', async () => {
    const star = (await insertVerifiedUser()).user;
    const fans = await Promise.all(Array.from({ length: 5 }, () => insertVerifiedUser()));
    for (const fan of fans) await followUser(deps, { followerId: fan.user.id, username: star.username });
    const first = await listFollowers(deps, { username: star.username, limit: 3 });
    const second = await listFollowers(deps, {
      username: star.username,
      limit: 3,
      cursor: first.nextCursor ?? undefined,
    });
    const seen = [...first.items, ...second.items].map((user) => user.id).sort();
    expect(seen).toEqual(fans.map((fan) => fan.user.id).sort());
  });

  it('keeps the counters equal to the edges after a concurrent follow/unfollow storm with double submits', async () => {
    const target = (await insertVerifiedUser()).user;
    const fans = await Promise.all(Array.from({ length: 12 }, () => insertVerifiedUser()));
    const actions: (() => Promise<unknown>)[] = [];
    for (const fan of fans) {
      const input = { followerId: fan.user.id, username: target.username };
      for (let round = 0; round < 4; round++) {
        actions.push(
          () => followUser(deps, input),
          () => followUser(deps, input),
        );
        if (round % 2 === 1)
          actions.push(
            () => unfollowUser(deps, input),
            () => unfollowUser(deps, input),
          );
      }
      // Everybody also follows everybody else's next neighbour: the follower counters contend too.
      const next = fans[(fans.indexOf(fan) + 1) % fans.length];
      if (next)
        actions.push(() => followUser(deps, { followerId: fan.user.id, username: next.user.username }));
    }
    actions.sort(() => Math.random() - 0.5);
    await Promise.all(actions.map((action) => action()));

    expect((await counts(target.id)).followers).toBe(await edgeCount({ followersOf: target.id }));
    for (const fan of fans) {
      const { followers, following } = await counts(fan.user.id);
      expect(following).toBe(await edgeCount({ followingOf: fan.user.id }));
      expect(followers).toBe(await edgeCount({ followersOf: fan.user.id }));
    }
  });
});
