import type { ConsumeRateLimit } from '../rate-limits';
import type { AccountStore, IssueAccessToken, SecretToken, SendMail } from './ports';

/**
 * What every account use case touches, passed in so tests can substitute any part. Mail and token signing are
 * asked for only by the use cases that need them (MailingAccountDeps, SessionAccountDeps), so a function that
 * does neither is wired, and bundled, without the SES client, KMS or the signing key.
 */
export interface AccountDeps {
  accounts: AccountStore;
  rateLimit: ConsumeRateLimit;
  passwords: {
    hash(password: string): Promise<string>;
    verify(password: string, stored: string): Promise<boolean>;
    /** Spends a verification's time for an unknown account. */
    verifyDummy(password: string): Promise<false>;
    needsRehash(stored: string): boolean;
  };
  newSecretToken(): SecretToken;
  hashToken(token: string): string;
  now(): number;
  sleep(ms: number): Promise<void>;
  newId(): string;
  publicUrl: string;
  /**
   * How long after its first use a refresh token may be used again without counting as stolen: clients with
   * several tabs or retries refresh with the same token at once. Beyond it, reuse revokes the family.
   */
  refreshReuseLeewaySeconds: number;
}

/** Register, resend verification, forgot password: they mail a link. */
export interface MailingAccountDeps extends AccountDeps {
  sendMail: SendMail;
}

/** Sign-in and refresh: they start a session, so they sign an access token. */
export interface SessionAccountDeps extends AccountDeps {
  issueAccessToken: IssueAccessToken;
}

/** Access tokens are short-lived: a stolen one is useful for at most this long. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const VERIFICATION_TTL_HOURS = 24;
/** An account never verified is deleted after this, freeing its username and email (no squatting). */
export const UNVERIFIED_ACCOUNT_TTL_DAYS = 7;
export const RESET_TTL_MINUTES = 60;
export const REFRESH_TTL_DAYS = 30;
/**
 * Resend-verification and forgot-password answer no sooner than this, whether or not the address has an
 * account: a write and a mail take time that an unknown address would not, and timing must not tell.
 */
export const UNIFORM_RESPONSE_MS = 1_000;

/** Runs `work`, then waits out the rest of UNIFORM_RESPONSE_MS (also when it throws). */
export async function withUniformTiming<T>(deps: Pick<AccountDeps, 'now' | 'sleep'>, work: () => Promise<T>) {
  const started = deps.now();
  try {
    return await work();
  } finally {
    const left = UNIFORM_RESPONSE_MS - (deps.now() - started);
    if (left > 0) await deps.sleep(left);
  }
}
