/** Account states on DynamoDB Local: the guarded change, and what every lookup then sees. */
import { describe, expect, it } from 'vitest';
import { changeAccountState } from '#shared/db/account-state-repository';
import { findAnyUserByUsername, findUserByUsername, getUserById } from '#shared/db/user-repository';
import { insertVerifiedUser } from '#test/factories/users';

describe('changing an account state', () => {
  it('hides a suspended account from lookups by name, keeps it for operators, and restores it', async () => {
    const { user } = await insertVerifiedUser();
    expect(await changeAccountState(user.id, { from: 'active', to: 'suspended' })).toBe('changed');

    expect(await findUserByUsername(user.username)).toBeUndefined();
    expect(await findAnyUserByUsername(user.username)).toMatchObject({
      id: user.id,
      accountState: 'suspended',
    });
    expect(await getUserById(user.id, { consistent: true })).toMatchObject({ accountState: 'suspended' });

    expect(await changeAccountState(user.id, { from: 'suspended', to: 'active' })).toBe('changed');
    const restored = await findUserByUsername(user.username);
    expect(restored?.id).toBe(user.id);
    expect(restored).not.toHaveProperty('accountState');
  });

  it('writes nothing when the account is not in the expected state, or does not exist', async () => {
    const { user } = await insertVerifiedUser();
    expect(await changeAccountState(user.id, { from: 'suspended', to: 'active' })).toBe(
      'not_in_expected_state',
    );
    await changeAccountState(user.id, { from: 'active', to: 'deactivated' });
    expect(await changeAccountState(user.id, { from: 'active', to: 'suspended' })).toBe(
      'not_in_expected_state',
    );
    expect((await getUserById(user.id, { consistent: true }))?.accountState).toBe('deactivated');
    expect(await changeAccountState('01JNOSUCHUSER0000000000000', { from: 'active', to: 'suspended' })).toBe(
      'not_in_expected_state',
    );
  });
});
