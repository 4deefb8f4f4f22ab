import { describe, expect, it } from 'vitest';
import {
  type AccountDeletionDeps,
  deleteAccount,
  reactivateAccount,
} from '#shared/domain/account-lifecycle/account-deletion';
import type {
  AccountLifecycleStore,
  ErasureSchedule,
} from '#shared/domain/account-lifecycle/lifecycle-ports';
import type { Account } from '#shared/domain/accounts/ports';
import type { AccessGrant } from '#shared/domain/oauth/ports';
import { defaultSmsSettings } from '#shared/domain/sms/settings';
import type { User } from '#shared/domain/user';
import { makeUser } from '#test/factories/user-records';

const NOW = new Date('2026-12-02T03:00:00.000Z');

/** One account in memory, with the lifecycle store acting on it as the repository's transactions do. */
function world(user: User = makeUser({ username: 'ada' })) {
  const account: Account = { user, passwordHash: 'hash:right password', tokensValidAfter: 0 };
  const schedules = new Map<string, ErasureSchedule>();
  const phone = { number: '+15555550123' as string | undefined, pendingCode: true };
  const grants: AccessGrant[] = [
    {
      id: 'G1',
      clientId: 'c',
      appName: 'App',
      appWebsite: null,
      userId: user.id,
      scopes: ['read'],
      createdAt: 0,
    },
  ];
  const lifecycle: AccountLifecycleStore = {
    async deactivate(schedule, nowMs) {
      if (account.user.accountState) return 'not_active';
      account.user = { ...account.user, accountState: 'deactivated' };
      account.deactivation = { deactivatedAt: schedule.deactivatedAt, erasureDueAt: schedule.erasureDueAt };
      account.tokensValidAfter = nowMs;
      schedules.set(schedule.userId, schedule);
      return 'deactivated';
    },
    async reactivate(userId) {
      const schedule = schedules.get(userId);
      if (!schedule || schedule.erasingSince) return 'erasure_started';
      if (account.user.accountState !== 'deactivated') return 'not_deactivated';
      schedules.delete(userId);
      const { accountState: _state, ...active } = account.user;
      account.user = active;
      delete account.deactivation;
      return 'reactivated';
    },
    dueErasures: async () => ({ items: [...schedules.values()], nextCursor: null }),
    startErasure: async () => true,
    markContentErased: async () => undefined,
    finishErasure: async () => undefined,
  };
  const deps: AccountDeletionDeps = {
    accounts: {
      getAccount: async (userId) => (userId === user.id ? structuredClone(account) : undefined),
      findAccountByLogin: async (login) => (login === user.username ? structuredClone(account) : undefined),
    },
    lifecycle,
    phones: {
      settings: async (userId) => ({
        ...defaultSmsSettings(userId),
        ...(phone.number ? { phoneNumber: phone.number } : {}),
      }),
      unlinkPhone: async () => {
        phone.number = undefined;
      },
      deletePendingCode: async () => {
        phone.pendingCode = false;
      },
    },
    appGrants: {
      listUserGrants: async () => [...grants],
      revokeUserGrant: async (_userId, grantId) => {
        const index = grants.findIndex((grant) => grant.id === grantId);
        if (index >= 0) grants.splice(index, 1);
        return index >= 0;
      },
    },
    passwords: {
      verify: async (password, stored) => stored === `hash:${password}`,
      verifyDummy: async () => false,
    },
    rateLimit: async () => undefined,
    clock: { now: () => NOW },
    graceDays: 30,
  };
  return { deps, account, schedules, phone, grants, user };
}

describe('deleting an account', () => {
  it('refuses a wrong password with 401 and changes nothing', async () => {
    const { deps, account, schedules, phone, grants } = world();
    const before = structuredClone(account);
    await expect(deleteAccount(deps, account.user.id, 'wrong password')).rejects.toMatchObject({
      statusCode: 401,
      code: 'invalid_password',
    });
    expect(account).toEqual(before);
    expect(schedules.size).toBe(0);
    expect(phone).toEqual({ number: '+15555550123', pendingCode: true });
    expect(grants).toHaveLength(1);
  });

  it('deactivates at once, schedules the erasure after the grace period, unlinks the phone, revokes apps', async () => {
    const { deps, account, schedules, phone, grants, user } = world();
    const view = await deleteAccount(deps, user.id, 'right password');
    expect(view).toEqual({
      status: 'deactivated',
      deactivatedAt: '2026-12-02T03:00:00.000Z',
      erasureDueAt: '2027-01-01T03:00:00.000Z',
    });
    expect(account.user.accountState).toBe('deactivated');
    expect(account.tokensValidAfter).toBe(NOW.getTime());
    expect(schedules.get(user.id)).toMatchObject({ username: 'ada', email: user.email });
    expect(phone.number).toBeUndefined();
    expect(grants).toEqual([]);
  });

  it('answers the same schedule when asked twice', async () => {
    const { deps, user } = world();
    const first = await deleteAccount(deps, user.id, 'right password');
    expect(await deleteAccount(deps, user.id, 'right password')).toEqual(first);
  });

  it('refuses a suspended account with its own code', async () => {
    const { deps, user, schedules } = world(makeUser({ accountState: 'suspended' }));
    await expect(deleteAccount(deps, user.id, 'right password')).rejects.toMatchObject({
      code: 'account_suspended',
    });
    expect(schedules.size).toBe(0);
  });
});

describe('reactivating an account', () => {
  it('cancels a deletion with the right login and password', async () => {
    const { deps, account, schedules, user } = world();
    await deleteAccount(deps, user.id, 'right password');
    await expect(
      reactivateAccount(deps, { login: 'ada', password: 'wrong password' }, '192.0.2.1'),
    ).rejects.toMatchObject({ statusCode: 401, code: 'invalid_credentials' });
    expect(await reactivateAccount(deps, { login: 'ada', password: 'right password' }, '192.0.2.1')).toEqual({
      status: 'active',
    });
    expect(account.user.accountState).toBeUndefined();
    expect(schedules.size).toBe(0);
  });

  it('answers an unknown login like a wrong password', async () => {
    const { deps } = world();
    await expect(
      reactivateAccount(deps, { login: 'nobody', password: 'right password' }, '192.0.2.1'),
    ).rejects.toMatchObject({ statusCode: 401, code: 'invalid_credentials' });
  });

  it('refuses an active account, and one whose erasure has started', async () => {
    const { deps, schedules, user } = world();
    await expect(
      reactivateAccount(deps, { login: 'ada', password: 'right password' }, '192.0.2.1'),
    ).rejects.toMatchObject({ statusCode: 409, code: 'not_deactivated' });
    await deleteAccount(deps, user.id, 'right password');
    const schedule = schedules.get(user.id) as ErasureSchedule;
    schedules.set(user.id, { ...schedule, erasingSince: NOW.toISOString() });
    await expect(
      reactivateAccount(deps, { login: 'ada', password: 'right password' }, '192.0.2.1'),
    ).rejects.toMatchObject({ statusCode: 409, code: 'erasure_started' });
  });
});
