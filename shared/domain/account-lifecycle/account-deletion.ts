/**
 * Leaving (DELETE /v1/me, POST /v1/auth/reactivate): deletion deactivates the account at once — it cannot
 * sign in, its page, lists and search entries are gone, every session and app token is revoked, its phone is
 * unlinked; the account state is 'deactivated', shared/domain/accounts/account-state.ts — and schedules its
 * erasure after a grace period (ACCOUNT_ERASURE_GRACE_DAYS, 30 by default).
 * Until the erasure job starts on it, signing in is refused with `account_deactivated`, whose message says how
 * to cancel: POST /v1/auth/reactivate with the login and password.
 */

import { ConflictError, UnauthorizedError, userNotFound } from '#shared/errors';
import { assertAccountActive } from '../accounts/account-state';
import type { AccountStore } from '../accounts/ports';
import type { Clock } from '../clock';
import type { AccessGrant } from '../oauth/ports';
import type { ConsumeRateLimit } from '../rate-limits';
import type { PhoneStore } from '../sms/ports';
import type { AccountLifecycleStore } from './lifecycle-ports';

export interface AccountDeletionDeps {
  accounts: Pick<AccountStore, 'getAccount' | 'findAccountByLogin'>;
  lifecycle: AccountLifecycleStore;
  phones: Pick<PhoneStore, 'settings' | 'unlinkPhone' | 'deletePendingCode'>;
  appGrants: {
    listUserGrants(userId: string): Promise<AccessGrant[]>;
    revokeUserGrant(userId: string, grantId: string): Promise<boolean>;
  };
  passwords: {
    verify(password: string, stored: string): Promise<boolean>;
    verifyDummy(password: string): Promise<false>;
  };
  rateLimit: ConsumeRateLimit;
  clock: Clock;
  graceDays: number;
}

export interface DeletionView {
  status: 'deactivated';
  deactivatedAt: string;
  erasureDueAt: string;
}

/**
 * Deletes the caller's account (after the grace period); the password must be the account's.
 * Repeating it answers the schedule already in place.
 * @throws UnauthorizedError invalid_password (nothing changes); ForbiddenError account_suspended;
 *   RateLimitedError
 */
export async function deleteAccount(
  deps: AccountDeletionDeps,
  userId: string,
  password: string,
): Promise<DeletionView> {
  await deps.rateLimit('account-lifecycle:user', userId);
  const account = await deps.accounts.getAccount(userId);
  if (!account) throw userNotFound();
  if (!(await deps.passwords.verify(password, account.passwordHash))) {
    throw new UnauthorizedError('invalid_password', 'The password is wrong');
  }
  if (account.deactivation) return { status: 'deactivated', ...account.deactivation };
  assertAccountActive(account.user);
  const now = deps.clock.now();
  const schedule = {
    userId,
    username: account.user.username,
    email: account.user.email,
    deactivatedAt: now.toISOString(),
    erasureDueAt: new Date(now.getTime() + deps.graceDays * 86_400_000).toISOString(),
  };
  if ((await deps.lifecycle.deactivate(schedule, now.getTime())) === 'not_active') {
    // Deleted meanwhile (answer that schedule), or suspended (refused as such).
    const current = await deps.accounts.getAccount(userId);
    if (current?.deactivation) return { status: 'deactivated', ...current.deactivation };
    if (current) assertAccountActive(current.user);
    throw new ConflictError('account_changed', 'The account changed meanwhile; try again');
  }
  // After the deactivation, so a failure here is retried by repeating the request (which answers the same).
  await revokeAccess(deps, userId);
  return {
    status: 'deactivated',
    deactivatedAt: schedule.deactivatedAt,
    erasureDueAt: schedule.erasureDueAt,
  };
}

/** Unlinks the phone (the number is free for someone else at once) and revokes every app's token. */
async function revokeAccess(deps: AccountDeletionDeps, userId: string): Promise<void> {
  const settings = await deps.phones.settings(userId);
  await deps.phones.deletePendingCode(userId);
  if (settings.phoneNumber) await deps.phones.unlinkPhone(userId, settings.phoneNumber);
  const grants = await deps.appGrants.listUserGrants(userId);
  await Promise.all(grants.map((grant) => deps.appGrants.revokeUserGrant(userId, grant.id)));
}

/**
 * Cancels a deletion within the grace period, with the account's login and password (the caller cannot
 * sign in, so there is no token). Unknown logins and wrong passwords answer alike; the account is then
 * active again and signs in as before (its old sessions stay revoked, its phone stays unlinked).
 * @throws UnauthorizedError invalid_credentials; ConflictError not_deactivated, erasure_started
 */
export async function reactivateAccount(
  deps: AccountDeletionDeps,
  input: { login: string; password: string },
  sourceIp: string,
): Promise<{ status: 'active' }> {
  await deps.rateLimit('login:ip', sourceIp);
  const account = await deps.accounts.findAccountByLogin(input.login);
  await deps.rateLimit('account-lifecycle:user', account ? account.user.id : `login:${input.login}`);
  const passwordMatches = account
    ? await deps.passwords.verify(input.password, account.passwordHash)
    : await deps.passwords.verifyDummy(input.password);
  if (!account || !passwordMatches) {
    throw new UnauthorizedError('invalid_credentials', 'The login or password is wrong');
  }
  const result = account.deactivation ? await deps.lifecycle.reactivate(account.user.id) : 'not_deactivated';
  if (result === 'not_deactivated') {
    throw new ConflictError('not_deactivated', 'This account is active: sign in as usual');
  }
  if (result === 'erasure_started') {
    throw new ConflictError('erasure_started', 'This account is being erased and can no longer be restored');
  }
  return { status: 'active' };
}

/** The refusal a deactivated account gets at sign-in: when it will be erased, and how to cancel. */
export function deactivatedAccountMessage(erasureDueAt: string): string {
  return (
    `This account was deleted and will be erased after ${erasureDueAt}. To cancel, ` +
    'send your login and password to POST /v1/auth/reactivate.'
  );
}
