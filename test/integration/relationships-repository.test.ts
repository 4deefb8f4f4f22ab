import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '#shared/db/client';
import { followRequestStore, followStore } from '#shared/db/follow-repository';
import { keys } from '#shared/db/keys';
import { relationStore, relationshipReads } from '#shared/db/relationship-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock } from '#shared/domain/clock';
import { followUser } from '#shared/domain/follow';
import { RELATIONSHIP_RULES, relate } from '#shared/domain/relationships/relationships';
import { insertVerifiedUser } from '#test/factories/users';

const relationshipDeps = {
  relations: relationStore,
  requests: followRequestStore,
  follows: followStore,
  users: userDirectory,
  clock: systemClock,
};
const followDeps = { follows: followStore, users: userDirectory, clock: systemClock };

async function profile(userId: string) {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.user(userId), ConsistentRead: true }),
  );
  return Item ?? {};
}

describe('blocks and mutes on DynamoDB Local', () => {
  it('blocks once, ends both follows with their counts, and guards every later follow', async () => {
    const [ada, bob] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    await followUser(followDeps, { followerId: ada.user.id, username: bob.user.username });
    await followUser(followDeps, { followerId: bob.user.id, username: ada.user.username });

    expect(
      await relate(relationshipDeps, { kind: 'block', userId: ada.user.id, username: bob.user.username }),
    ).toBe(true);
    expect(
      await relate(relationshipDeps, { kind: 'block', userId: ada.user.id, username: bob.user.username }),
    ).toBe(false);
    expect(await profile(ada.user.id)).toMatchObject({ followerCount: 0, followingCount: 0, blockCount: 1 });
    expect(await profile(bob.user.id)).toMatchObject({ followerCount: 0, followingCount: 0 });

    await expect(
      followUser(followDeps, { followerId: bob.user.id, username: ada.user.username }),
    ).rejects.toMatchObject({ code: 'user_not_found' });
    await expect(
      followUser(followDeps, { followerId: ada.user.id, username: bob.user.username }),
    ).rejects.toMatchObject({ code: 'user_blocked', statusCode: 403 });
    expect(await profile(bob.user.id)).toMatchObject({ followerCount: 0, followingCount: 0 });
  });

  it("reads a reader's blocks and mutes in one Query and others' standing in one batch", async () => {
    const [ada, bob, carol] = await Promise.all([
      insertVerifiedUser(),
      insertVerifiedUser(),
      insertVerifiedUser(),
    ]);
    await relate(relationshipDeps, { kind: 'block', userId: ada.user.id, username: bob.user.username });
    await relate(relationshipDeps, { kind: 'mute', userId: ada.user.id, username: carol.user.username });
    await relate(relationshipDeps, { kind: 'block', userId: carol.user.id, username: ada.user.username });
    const relations = await relationshipReads.viewerRelations(ada.user.id);
    expect([...relations.blocked]).toEqual([bob.user.id]);
    expect([...relations.muted]).toEqual([carol.user.id]);
    const standings = await relationshipReads.standings(ada.user.id, [bob.user.id, carol.user.id]);
    expect(standings.get(carol.user.id)).toEqual({
      protected: false,
      blocksViewer: true,
      followedByViewer: false,
    });
    expect(standings.get(bob.user.id)).toEqual({
      protected: false,
      blocksViewer: false,
      followedByViewer: false,
    });
    const page = await relationStore.page('mute', ada.user.id, { limit: 10 });
    expect(page.items.map((user) => user.id)).toEqual([carol.user.id]);
  });

  it('refuses a block beyond the limit with blocks_limit and writes nothing', async () => {
    const [ada, bob] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.user(ada.user.id),
        UpdateExpression: 'SET blockCount = :max',
        ExpressionAttributeValues: { ':max': RELATIONSHIP_RULES.maxBlocks },
      }),
    );
    await expect(
      relate(relationshipDeps, { kind: 'block', userId: ada.user.id, username: bob.user.username }),
    ).rejects.toMatchObject({ code: 'blocks_limit', statusCode: 409 });
    expect((await relationshipReads.viewerRelations(ada.user.id)).blocked.size).toBe(0);
  });
});

describe('protected accounts on DynamoDB Local', () => {
  it('turns a follow into a request, and accepting it creates the edge with its counts once', async () => {
    const [erin, finn] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.user(erin.user.id),
        UpdateExpression: 'SET #protected = :true',
        ExpressionAttributeNames: { '#protected': 'protected' },
        ExpressionAttributeValues: { ':true': true },
      }),
    );
    const input = { followerId: finn.user.id, username: erin.user.username };
    expect(await followUser(followDeps, input)).toBe('requested');
    expect(await followUser(followDeps, input)).toBe('requested');
    expect(await profile(erin.user.id)).toMatchObject({ followerCount: 0 });
    const standing = await relationshipReads.standings(finn.user.id, [erin.user.id]);
    expect(standing.get(erin.user.id)).toEqual({
      protected: true,
      blocksViewer: false,
      followedByViewer: false,
    });

    const edge = { requesterId: finn.user.id, targetId: erin.user.id, createdAt: new Date().toISOString() };
    const [first, second] = await Promise.all([
      followRequestStore.accept(edge),
      followRequestStore.accept(edge),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await profile(erin.user.id)).toMatchObject({ followerCount: 1 });
    expect(await profile(finn.user.id)).toMatchObject({ followingCount: 1 });
    expect(await followRequestStore.requesterIds(erin.user.id, 10)).toEqual([]);
    expect(
      (await relationshipReads.standings(finn.user.id, [erin.user.id])).get(erin.user.id)?.followedByViewer,
    ).toBe(true);
  });
});
