/** Deactivation, reactivation, the erasure schedule and the erasure of own partitions on DynamoDB Local. */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { accountErasureStore, accountLifecycleStore } from '#shared/db/account-lifecycle-repository';
import { getAccount, saveRefreshToken } from '#shared/db/account-repository';
import { db, tableName } from '#shared/db/client';
import { keys } from '#shared/db/keys';
import { getUserById } from '#shared/db/user-repository';
import { insertVerifiedUser } from '#test/factories/users';

async function userWithCredentials() {
  const test = await insertVerifiedUser();
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.credentials(test.user.id),
        type: 'CREDENTIALS',
        passwordHash: 'x',
        tokensValidAfter: 0,
      },
    }),
  );
  const { user } = test;
  const schedule = {
    userId: user.id,
    username: user.username,
    email: user.email,
    deactivatedAt: '2026-12-01T00:00:00.000Z',
    erasureDueAt: '2026-12-01T00:00:01.000Z',
  };
  return { user, schedule };
}

async function exists(key: { PK: string; SK: string }) {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }),
  );
  return Item !== undefined;
}

describe('deactivation and reactivation', () => {
  it('deactivates in one transaction, once, and reactivates until the erasure starts', async () => {
    const { user, schedule } = await userWithCredentials();
    expect(await accountLifecycleStore.deactivate(schedule, 1_000)).toBe('deactivated');
    expect(await accountLifecycleStore.deactivate(schedule, 2_000)).toBe('not_active');
    expect((await getUserById(user.id, { consistent: true }))?.accountState).toBe('deactivated');
    expect(await getAccount(user.id)).toMatchObject({
      tokensValidAfter: 1_000,
      deactivation: { deactivatedAt: schedule.deactivatedAt, erasureDueAt: schedule.erasureDueAt },
    });
    const due = await accountLifecycleStore.dueErasures('2026-12-02T00:00:00.000Z', { limit: 100 });
    expect(due.items.map((each) => each.userId)).toContain(user.id);
    const early = await accountLifecycleStore.dueErasures('2026-11-30T00:00:00.000Z', { limit: 100 });
    expect(early.items.map((each) => each.userId)).not.toContain(user.id);

    expect(await accountLifecycleStore.reactivate(user.id)).toBe('reactivated');
    expect((await getUserById(user.id, { consistent: true }))?.accountState).toBeUndefined();
    expect((await getAccount(user.id))?.deactivation).toBeUndefined();
    expect(await exists(keys.erasureSchedule(user.id))).toBe(false);
    expect(await accountLifecycleStore.reactivate(user.id)).toBe('not_deactivated');

    expect(await accountLifecycleStore.deactivate(schedule, 3_000)).toBe('deactivated');
    expect(await accountLifecycleStore.startErasure(user.id, '2026-12-02T00:00:00.000Z')).toBe(true);
    expect(await accountLifecycleStore.reactivate(user.id)).toBe('erasure_started');
    expect((await getUserById(user.id, { consistent: true }))?.accountState).toBe('deactivated');
  });
});

describe('erasing the own partitions', () => {
  it('deletes the profile partition, timeline, notifications and sessions, and frees the claims', async () => {
    const { user, schedule } = await userWithCredentials();
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.emailClaim(user.email), type: 'EMAIL', userId: user.id },
      }),
    );
    for (const item of [
      { ...keys.timelineEntry(user.id, '01POST'), type: 'TIMELINE' },
      { ...keys.notification(user.id, '01NOTE'), type: 'NOTIFICATION' },
      { ...keys.notificationState(user.id), type: 'NOTIFICATION_STATE' },
      { ...keys.exportRequest(user.id), type: 'EXPORT', userId: user.id },
    ]) {
      await db().send(new PutCommand({ TableName: tableName(), Item: item }));
    }
    const record = {
      userId: user.id,
      username: user.username,
      familyId: 'F',
      issuedAt: 0,
      expiresAt: Date.now() + 60_000,
    };
    await saveRefreshToken('a'.repeat(64), record);
    await saveRefreshToken('b'.repeat(64), record);

    await accountErasureStore.removeOwnPartitions(schedule);

    for (const key of [
      keys.user(user.id),
      keys.credentials(user.id),
      keys.exportRequest(user.id),
      keys.timelineEntry(user.id, '01POST'),
      keys.notification(user.id, '01NOTE'),
      keys.notificationState(user.id),
      keys.usernameClaim(user.username),
      keys.emailClaim(user.email),
      keys.refreshToken('a'.repeat(64)),
      keys.refreshToken('b'.repeat(64)),
    ]) {
      expect(await exists(key), `${key.PK} ${key.SK}`).toBe(false);
    }
    const { Items } = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.userPartition(user.id).PK },
      }),
    );
    expect(Items).toEqual([]);
  });

  it('leaves a claim that names another account', async () => {
    const { schedule } = await userWithCredentials();
    const other = await insertVerifiedUser();
    await accountErasureStore.removeOwnPartitions({ ...schedule, username: other.user.username });
    expect(await exists(keys.usernameClaim(other.user.username))).toBe(true);
  });
});
