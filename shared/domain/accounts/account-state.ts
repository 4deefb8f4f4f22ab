/**
 * The state of an account, kept on its profile item (absent = active). Every state but 'active' hides the
 * account and refuses it: it cannot sign in, refresh a session, post or send SMS commands, and its page and
 * posts answer the same 404 as a missing user or post. Each state refuses with its own 403 code, so a client
 * can tell the person what happened and what to do.
 *
 * - suspended: by an operator (moderation); undone by unsuspending.
 * - deactivated: by the owner (account deletion), erased after a grace period.
 */
import { ForbiddenError } from '#shared/errors';

export const ACCOUNT_STATES = ['active', 'suspended', 'deactivated'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];
export type InactiveAccountState = Exclude<AccountState, 'active'>;

/** Anything that carries an account state (a User, a stored profile); absent means active. */
export interface HasAccountState {
  accountState?: AccountState | undefined;
}

const REFUSALS: Record<InactiveAccountState, { code: string; message: string }> = {
  suspended: {
    code: 'account_suspended',
    message: 'This account is suspended by the operator of this site',
  },
  deactivated: {
    code: 'account_deactivated',
    message: 'This account is deactivated and will be erased',
  },
};

export function accountStateOf(subject: HasAccountState): AccountState {
  return subject.accountState ?? 'active';
}

/** Whether others may see the account, its page and its posts: only an active one. */
export function isAccountVisible(subject: HasAccountState): boolean {
  return accountStateOf(subject) === 'active';
}

/** The 403 a non-active account gets when it tries to sign in or act; undefined for an active one. */
export function accountRefusal(subject: HasAccountState): ForbiddenError | undefined {
  const state = accountStateOf(subject);
  if (state === 'active') return undefined;
  const { code, message } = REFUSALS[state];
  return new ForbiddenError(code, message);
}

/**
 * Refuses a non-active account (signing in, refreshing, posting).
 * @throws ForbiddenError account_suspended / account_deactivated
 */
export function assertAccountActive(subject: HasAccountState): void {
  const refusal = accountRefusal(subject);
  if (refusal) throw refusal;
}

/** The refusal codes by state, for docs and clients. */
export const ACCOUNT_STATE_CODES: Readonly<Record<InactiveAccountState, string>> = {
  suspended: REFUSALS.suspended.code,
  deactivated: REFUSALS.deactivated.code,
};
