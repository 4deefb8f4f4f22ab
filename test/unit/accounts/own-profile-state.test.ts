/**
 * An access token outlives a suspension or deactivation by up to its 15 minutes; the use cases that read the
 * caller's own profile anyway (GET and PATCH /v1/me) refuse such a caller with the account-state 403.
 */
import { describe, expect, it } from 'vitest';
import { getOwnProfile } from '#shared/domain/accounts/profile-view';
import { fixedClock } from '#shared/domain/clock';
import { defaultSmsSettings } from '#shared/domain/sms/settings';
import type { User } from '#shared/domain/user';
import { updateProfile } from '#shared/domain/users/update-profile';
import { makeUser } from '#test/factories/user-records';

function ownProfileDeps(user: User) {
  return {
    users: { getUserById: async () => user },
    phones: { settings: async (id: string) => defaultSmsSettings(id), pendingCode: async () => undefined },
    notifications: { unread: async () => ({ marker: undefined, count: 0 }) },
    clock: fixedClock(new Date('2026-12-02T05:00:00Z')),
  };
}

function profileDeps(user: User) {
  const saved: unknown[] = [];
  return {
    saved,
    deps: {
      users: {
        getProfileForUpdate: async () => ({ user, version: 1 }),
        saveProfileFields: async (_id: string, fields: unknown) => {
          saved.push(fields);
          return true;
        },
      },
    },
  };
}

describe("the caller's own profile after a suspension or deactivation", () => {
  for (const [state, code] of [
    ['suspended', 'account_suspended'],
    ['deactivated', 'account_deactivated'],
  ] as const) {
    it(`refuses a ${state} caller with 403 ${code}, and saves nothing`, async () => {
      const user = makeUser({ accountState: state });
      await expect(getOwnProfile(ownProfileDeps(user) as never, user.id)).rejects.toMatchObject({
        statusCode: 403,
        code,
      });
      const { deps, saved } = profileDeps(user);
      await expect(updateProfile(deps, user.id, { bio: 'hello' })).rejects.toMatchObject({
        statusCode: 403,
        code,
      });
      expect(saved).toEqual([]);
    });
  }

  it('serves and saves for an active caller', async () => {
    const user = makeUser();
    expect((await getOwnProfile(ownProfileDeps(user) as never, user.id)).username).toBe(user.username);
    const { deps, saved } = profileDeps(user);
    expect((await updateProfile(deps, user.id, { bio: 'hello' })).bio).toBe('hello');
    expect(saved).toHaveLength(1);
  });
});
