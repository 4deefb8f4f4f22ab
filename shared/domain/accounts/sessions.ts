/**
 * Signing in and staying signed in: a short-lived access token (JWT) and an opaque refresh token that rotates on
 * every use. A rotated token presented again means it was stolen or replayed: its whole family is revoked.
 */

import { deactivatedAccountMessage } from '#shared/domain/account-lifecycle/account-deletion';
import type { User } from '#shared/domain/user';
import { ForbiddenError, ServiceUnavailableError, UnauthorizedError } from '#shared/errors';
import type { LoginInput } from '#shared/schemas/auth';
import { assertAccountActive } from './account-state';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  type AccountDeps,
  REFRESH_TTL_DAYS,
  type SessionAccountDeps,
} from './deps';
import type { Account } from './ports';
import { type OwnProfile, toOwnProfile } from './profile-view';

const REFRESH_TTL_MS = REFRESH_TTL_DAYS * 24 * 3600 * 1000;

export interface Session {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds the access token is valid for. */
  expiresIn: number;
}

export async function login(
  deps: SessionAccountDeps,
  input: LoginInput,
  sourceIp: string,
): Promise<Session & { user: OwnProfile }> {
  const account = await checkCredentials(deps, input, sourceIp);
  const session = await startSession(deps, account.user, deps.newId());
  return { ...session, user: toOwnProfile(account.user) };
}

/**
 * The password check every sign-in shares (/v1 login, the OAuth authorize page): rate-limited per IP and per
 * account, uniform for unknown logins, verified and active accounts only; rehashes an outdated hash.
 * @throws UnauthorizedError invalid_credentials; ForbiddenError email_not_verified, account_suspended,
 *   account_deactivated; RateLimitedError
 */
export async function checkCredentials(
  deps: Pick<AccountDeps, 'rateLimit' | 'accounts' | 'passwords'>,
  input: LoginInput,
  sourceIp: string,
): Promise<Account> {
  await deps.rateLimit('login:ip', sourceIp);
  const account = await deps.accounts.findAccountByLogin(input.login);
  // Counted per account, so its email and its username share one budget; unknown logins per login as typed.
  await deps.rateLimit('login:account', account ? `user:${account.user.id}` : `login:${input.login}`);
  const passwordMatches = account
    ? await deps.passwords.verify(input.password, account.passwordHash)
    : await deps.passwords.verifyDummy(input.password);
  if (!account || !passwordMatches) {
    throw new UnauthorizedError('invalid_credentials', 'The login or password is wrong');
  }
  if (account.deactivation) {
    throw new ForbiddenError(
      'account_deactivated',
      deactivatedAccountMessage(account.deactivation.erasureDueAt),
      account.deactivation,
    );
  }
  if (!account.user.emailVerified) {
    throw new ForbiddenError(
      'email_not_verified',
      'Confirm your email address first: follow the link we mailed you',
    );
  }
  // After the password check, so only the owner learns why their account cannot sign in.
  assertAccountActive(account.user);
  if (deps.passwords.needsRehash(account.passwordHash)) {
    await deps.accounts.updatePasswordHash(account.user.id, await deps.passwords.hash(input.password));
  }
  return account;
}

async function startSession(
  deps: SessionAccountDeps,
  user: Pick<User, 'id' | 'username'>,
  familyId: string,
): Promise<Session> {
  const refresh = deps.newSecretToken();
  const now = deps.now();
  await deps.accounts.saveRefreshToken(refresh.hash, refreshRecord(user, familyId, now));
  return sessionOf(deps, user, refresh.token);
}

function refreshRecord(user: Pick<User, 'id' | 'username'>, familyId: string, now: number) {
  return {
    userId: user.id,
    username: user.username,
    familyId,
    issuedAt: now,
    expiresAt: now + REFRESH_TTL_MS,
  };
}

async function sessionOf(
  deps: SessionAccountDeps,
  user: Pick<User, 'id' | 'username'>,
  refreshToken: string,
): Promise<Session> {
  const accessToken = await deps.issueAccessToken({ userId: user.id, username: user.username });
  return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

export async function refresh(
  deps: SessionAccountDeps,
  refreshToken: string,
  sourceIp: string,
): Promise<Session> {
  await deps.rateLimit('refresh:ip', sourceIp);
  const now = deps.now();
  const hash = deps.hashToken(refreshToken);
  const record = await deps.accounts.findRefreshToken(hash);
  if (!record || record.expiresAt <= now) throw invalidRefreshToken();
  const leewayMs = deps.refreshReuseLeewaySeconds * 1000;
  if (record.usedAt !== undefined && now - record.usedAt > leewayMs) {
    await deps.accounts.revokeFamily(record.familyId, now, now + REFRESH_TTL_MS);
    throw invalidRefreshToken();
  }
  const account = await deps.accounts.getAccount(record.userId);
  if (!account || account.deactivation || record.issuedAt < account.tokensValidAfter) {
    throw invalidRefreshToken();
  }
  assertAccountActive(account.user);
  const next = deps.newSecretToken();
  const user = { id: record.userId, username: account.user.username };
  const result = await deps.accounts.rotateRefreshToken(
    hash,
    record.familyId,
    { tokenHash: next.hash, record: refreshRecord(user, record.familyId, now) },
    now,
    leewayMs,
  );
  if (result === 'reused') await deps.accounts.revokeFamily(record.familyId, now, now + REFRESH_TTL_MS);
  // Contention is not theft: a refresh racing itself gets a retryable 503, and the session survives.
  if (result === 'conflict')
    throw new ServiceUnavailableError('busy', 'The session is being refreshed; try again');
  if (result !== 'rotated') throw invalidRefreshToken();
  return sessionOf(deps, user, next.token);
}

/** Ends the session the refresh token belongs to. Unknown tokens are ignored: logout always succeeds. */
export async function logout(deps: AccountDeps, refreshToken: string): Promise<void> {
  const record = await deps.accounts.findRefreshToken(deps.hashToken(refreshToken));
  if (!record) return;
  const now = deps.now();
  await deps.accounts.revokeFamily(record.familyId, now, now + REFRESH_TTL_MS);
}

function invalidRefreshToken(): UnauthorizedError {
  return new UnauthorizedError(
    'invalid_refresh_token',
    'The refresh token is invalid, expired or revoked; sign in again',
  );
}
