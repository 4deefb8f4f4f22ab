/**
 * Changing an account's state (shared/domain/accounts/account-state.ts) on its profile item, guarded by the
 * state it must still be in, so two operators (or an operator and the owner) cannot cross. Extra named items
 * (an audit entry, a revocation) join the same transaction. 'active' is stored as no attribute at all.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AccountState, accountRefusal } from '#shared/domain/accounts/account-state';
import type { ForbiddenError } from '#shared/errors';
import { db, tableName } from './client';
import { keys } from './keys';
import { failedGuards, type NamedTransactItems, transact } from './transactions';

export type StateChangeResult = 'changed' | 'not_in_expected_state';

/**
 * Moves the account from `from` to `to` in one transaction with `extra`.
 * @returns 'not_in_expected_state' when the profile is missing or in another state (nothing written)
 */
export async function changeAccountState(
  userId: string,
  change: { from: AccountState; to: AccountState },
  extra: NamedTransactItems = {},
): Promise<StateChangeResult> {
  const expected =
    change.from === 'active'
      ? 'attribute_exists(PK) AND (attribute_not_exists(accountState) OR accountState = :from)'
      : 'accountState = :from';
  const update =
    change.to === 'active'
      ? { UpdateExpression: 'REMOVE accountState', ExpressionAttributeValues: { ':from': change.from } }
      : {
          UpdateExpression: 'SET accountState = :to',
          ExpressionAttributeValues: { ':from': change.from, ':to': change.to },
        };
  try {
    await transact({
      profile: {
        Update: { TableName: tableName(), Key: keys.user(userId), ConditionExpression: expected, ...update },
      },
      ...extra,
    });
    return 'changed';
  } catch (error) {
    if (failedGuards(error)?.has('profile')) return 'not_in_expected_state';
    throw error;
  }
}

/**
 * The condition an acting account's own profile update carries in a write transaction (follow, block, mute,
 * accepting a request): it exists and is active. It costs nothing more than the update already there, and
 * refuses an access token issued before a suspension or deactivation in the very write.
 */
export const ACTIVE_ACCOUNT_CONDITION =
  'attribute_exists(PK) AND (attribute_not_exists(accountState) OR accountState = :activeState)';
export const ACTIVE_ACCOUNT_VALUES = { ':activeState': 'active' } as const;

/**
 * Why the account's own guard failed, read after the fact (a consistent GetItem, only on that failure path):
 * its account-state 403, or undefined when it is active (then something else failed) or gone.
 */
export async function accountStateRefusal(userId: string): Promise<ForbiddenError | undefined> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.user(userId),
      ProjectionExpression: 'accountState',
      ConsistentRead: true,
    }),
  );
  return Item ? accountRefusal(Item as { accountState?: AccountState }) : undefined;
}
