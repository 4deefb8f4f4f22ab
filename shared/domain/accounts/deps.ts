import type * as accountRepository from '#shared/db/account-repository';
import type { ConsumeRateLimit } from '#shared/db/rate-limiter';
import type { Identity } from '#shared/services/access-tokens';
import type { SendMail } from '#shared/services/mailer';
import type { SecretToken } from '#shared/services/secret-tokens';

/** Everything the account use cases touch, passed in so tests can substitute any part. */
export interface AccountDeps {
  accounts: typeof accountRepository;
  rateLimit: ConsumeRateLimit;
  sendMail: SendMail;
  passwords: {
    hash(password: string): Promise<string>;
    verify(password: string, stored: string): Promise<boolean>;
    /** Spends a verification's time for an unknown account. */
    verifyDummy(password: string): Promise<false>;
    needsRehash(stored: string): boolean;
  };
  issueAccessToken(identity: Identity): Promise<string>;
  newSecretToken(): SecretToken;
  hashToken(token: string): string;
  now(): number;
  newId(): string;
  publicUrl: string;
}

/** Access tokens are short-lived: a stolen one is useful for at most this long. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const VERIFICATION_TTL_HOURS = 24;
export const RESET_TTL_MINUTES = 60;
export const REFRESH_TTL_DAYS = 30;
