import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '#shared/db/client';
import { followRequestStore, followStore, pageRequestTargets } from '#shared/db/follow-repository';
import { keys } from '#shared/db/keys';
import { indexRelationsWrittenBefore } from '#shared/db/relationship-index-migration';
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
      inactive: false,
    });
    expect(standings.get(bob.user.id)).toEqual({
      protected: false,
      blocksViewer: false,
      followedByViewer: false,
      inactive: false,
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
      inactive: false,
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

async function setAccountState(userId: string, state: 'suspended' | 'deactivated' | undefined) {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.user(userId),
      ...(state
        ? { UpdateExpression: 'SET accountState = :state', ExpressionAttributeValues: { ':state': state } }
        : { UpdateExpression: 'REMOVE accountState' }),
    }),
  );
}

/** A clock at a given minute of the day, so edges made one after another get distinct, ordered times. */
const at = (minute: number) => ({ now: () => new Date(Date.UTC(2026, 11, 2, 5, minute)) });

describe('account states, list order and reverse indexes on DynamoDB Local', () => {
  it('reports a suspended or deactivated account as inactive from the profile the batch reads anyway', async () => {
    const [ada, bob, carol] = await Promise.all([
      insertVerifiedUser(),
      insertVerifiedUser(),
      insertVerifiedUser(),
    ]);
    await setAccountState(bob.user.id, 'suspended');
    await setAccountState(carol.user.id, 'deactivated');
    for (const viewerId of [ada.user.id, undefined]) {
      const standings = await relationshipReads.standings(viewerId, [
        bob.user.id,
        carol.user.id,
        ada.user.id,
      ]);
      expect([bob, carol, ada].map((user) => standings.get(user.user.id)?.inactive)).toEqual([
        true,
        true,
        false,
      ]);
    }
    await setAccountState(bob.user.id, undefined);
    expect((await relationshipReads.standings(ada.user.id, [bob.user.id])).get(bob.user.id)?.inactive).toBe(
      false,
    );
  });

  it('lists blocks, mutes and follow requests newest first by when they were made, paged by cursor', async () => {
    const [ada, bob, carol, dave, eve] = await Promise.all([
      insertVerifiedUser(),
      insertVerifiedUser(),
      insertVerifiedUser(),
      insertVerifiedUser(),
      insertVerifiedUser(),
    ]);
    // Made in an order that is not the order of the ids.
    const made = [dave, bob, carol];
    for (const [minute, other] of made.entries()) {
      await relate(
        { ...relationshipDeps, clock: at(minute) },
        { kind: 'block', userId: ada.user.id, username: other.user.username },
      );
      await relate(
        { ...relationshipDeps, clock: at(minute) },
        { kind: 'mute', userId: ada.user.id, username: other.user.username },
      );
      await followRequestStore.request({
        requesterId: other.user.id,
        targetId: eve.user.id,
        createdAt: at(minute).now().toISOString(),
      });
    }
    const newestFirst = [...made].reverse().map((user) => user.user.id);
    for (const list of [
      (cursor?: string) => relationStore.page('block', ada.user.id, { limit: 2, cursor }),
      (cursor?: string) => relationStore.page('mute', ada.user.id, { limit: 2, cursor }),
      (cursor?: string) => followRequestStore.page(eve.user.id, { limit: 2, cursor }),
    ]) {
      const first = await list();
      expect(first.items.map((user) => user.id)).toEqual(newestFirst.slice(0, 2));
      expect(first.nextCursor).not.toBeNull();
      const second = await list(first.nextCursor ?? undefined);
      expect(second.items.map((user) => user.id)).toEqual(newestFirst.slice(2));
    }
    await expect(
      relationStore.page('block', bob.user.id, {
        limit: 2,
        cursor: (await relationStore.page('block', ada.user.id, { limit: 1 })).nextCursor ?? '',
      }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
    await expect(
      followRequestStore.page(ada.user.id, { limit: 2, cursor: 'not-a-cursor' }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
    // A suspended account leaves the lists while it is suspended.
    await setAccountState(carol.user.id, 'suspended');
    expect(
      (await relationStore.page('block', ada.user.id, { limit: 10 })).items.map((user) => user.id),
    ).toEqual(newestFirst.filter((id) => id !== carol.user.id));
  });

  it("finds the edges others hold naming an account and the account's pending requests, by index", async () => {
    const [erin, finn, gail, hugo] = await Promise.all([
      insertVerifiedUser(),
      insertVerifiedUser(),
      insertVerifiedUser(),
      insertVerifiedUser(),
    ]);
    await relate(relationshipDeps, { kind: 'block', userId: finn.user.id, username: erin.user.username });
    await relate(relationshipDeps, { kind: 'mute', userId: gail.user.id, username: erin.user.username });
    await relate(relationshipDeps, { kind: 'mute', userId: erin.user.id, username: hugo.user.username });
    const createdAt = new Date().toISOString();
    await followRequestStore.request({ requesterId: erin.user.id, targetId: gail.user.id, createdAt });
    await followRequestStore.request({ requesterId: erin.user.id, targetId: hugo.user.id, createdAt });
    await followRequestStore.request({ requesterId: hugo.user.id, targetId: erin.user.id, createdAt });

    const naming = await relationStore.pageNaming(erin.user.id, { limit: 10 });
    expect(naming.items.map((edge) => `${edge.kind}:${edge.userId}`).sort()).toEqual(
      [`block:${finn.user.id}`, `mute:${gail.user.id}`].sort(),
    );
    expect(naming.items.every((edge) => edge.otherId === erin.user.id)).toBe(true);
    const targets = await pageRequestTargets(erin.user.id, { limit: 10 });
    expect(targets.items.sort()).toEqual([gail.user.id, hugo.user.id].sort());
    // Removing through the store keeps the index in step.
    expect(await relationStore.remove('block', finn.user.id, erin.user.id)).toBe(true);
    expect(await followRequestStore.remove(gail.user.id, erin.user.id)).toBe(true);
    expect((await relationStore.pageNaming(erin.user.id, { limit: 10 })).items).toHaveLength(1);
    expect((await pageRequestTargets(erin.user.id, { limit: 10 })).items).toEqual([hugo.user.id]);
  });
});

describe('an access token that outlived its account being active', () => {
  it('is refused with the account-state 403 by follow, block, mute and accepting a request, writing nothing', async () => {
    const [ada, bob, carol] = await Promise.all([
      insertVerifiedUser(),
      insertVerifiedUser(),
      insertVerifiedUser(),
    ]);
    await followRequestStore.request({
      requesterId: carol.user.id,
      targetId: ada.user.id,
      createdAt: new Date().toISOString(),
    });
    await setAccountState(ada.user.id, 'suspended');
    await expect(
      followUser(followDeps, { followerId: ada.user.id, username: bob.user.username }),
    ).rejects.toMatchObject({ code: 'account_suspended', statusCode: 403 });
    for (const kind of ['block', 'mute'] as const) {
      await expect(
        relate(relationshipDeps, { kind, userId: ada.user.id, username: bob.user.username }),
      ).rejects.toMatchObject({ code: 'account_suspended', statusCode: 403 });
    }
    const accept = { requesterId: carol.user.id, targetId: ada.user.id, createdAt: new Date().toISOString() };
    await expect(followRequestStore.accept(accept)).rejects.toMatchObject({ code: 'account_suspended' });
    await setAccountState(ada.user.id, 'deactivated');
    await expect(
      followUser(followDeps, { followerId: ada.user.id, username: bob.user.username }),
    ).rejects.toMatchObject({ code: 'account_deactivated', statusCode: 403 });
    expect(await profile(ada.user.id)).toMatchObject({ followingCount: 0, followerCount: 0 });
    expect(await profile(ada.user.id)).not.toHaveProperty('blockCount');
    expect((await relationshipReads.viewerRelations(ada.user.id)).blocked.size).toBe(0);
    expect(await followRequestStore.requesterIds(ada.user.id, 10)).toEqual([carol.user.id]);

    // Active again: the same calls work.
    await setAccountState(ada.user.id, undefined);
    expect(await followUser(followDeps, { followerId: ada.user.id, username: bob.user.username })).toBe(
      'followed',
    );
    expect(await followRequestStore.accept(accept)).toBe(true);
  });
});

describe('the index-relations migration', () => {
  it('gives edges and requests written before the index keys their keys, once', async () => {
    const [ada, bob, carol] = await Promise.all([
      insertVerifiedUser(),
      insertVerifiedUser(),
      insertVerifiedUser(),
    ]);
    const createdAt = new Date().toISOString();
    // As the repository wrote them before: no GSI1 or GSI2 keys.
    for (const item of [
      {
        ...keys.relation('block', ada.user.id, bob.user.id),
        type: 'BLOCK',
        userId: ada.user.id,
        otherId: bob.user.id,
        createdAt,
      },
      {
        ...keys.relation('mute', carol.user.id, bob.user.id),
        type: 'MUTE',
        userId: carol.user.id,
        otherId: bob.user.id,
        createdAt,
      },
      {
        ...keys.followRequest(ada.user.id, carol.user.id),
        type: 'FOLLOW_REQUEST',
        requesterId: carol.user.id,
        targetId: ada.user.id,
        createdAt,
      },
    ]) {
      await db().send(new PutCommand({ TableName: tableName(), Item: item }));
    }
    expect((await relationStore.page('block', ada.user.id, { limit: 10 })).items).toEqual([]);

    const first = await indexRelationsWrittenBefore();
    expect(first.indexed).toBeGreaterThanOrEqual(3);
    expect(
      (await relationStore.page('block', ada.user.id, { limit: 10 })).items.map((user) => user.id),
    ).toEqual([bob.user.id]);
    expect((await followRequestStore.page(ada.user.id, { limit: 10 })).items.map((user) => user.id)).toEqual([
      carol.user.id,
    ]);
    expect(
      (await relationStore.pageNaming(bob.user.id, { limit: 10 })).items.map((edge) => edge.userId).sort(),
    ).toEqual([ada.user.id, carol.user.id].sort());
    expect((await pageRequestTargets(carol.user.id, { limit: 10 })).items).toEqual([ada.user.id]);
    expect((await indexRelationsWrittenBefore()).indexed).toBe(0);
  });
});
