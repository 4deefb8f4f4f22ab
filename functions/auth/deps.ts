/**
 * The production wiring of the account use cases: DynamoDB, scrypt, one-time tokens. Mail (SES) and token
 * signing (KMS, the key set) are wired beside it, in mail-deps.ts and session-deps.ts, so only the handlers
 * that send mail or sign tokens bundle those clients (the bundle test checks it).
 */
import { ulid } from 'ulid';
import {
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from '#shared/adapters/password-hasher';
import { hashToken, newSecretToken } from '#shared/adapters/secret-tokens';
import { config } from '#shared/config';
import * as accounts from '#shared/db/account-repository';
import { notificationStore } from '#shared/db/notification-repository';
import { isOperator } from '#shared/db/operator-role';
import { phoneStore } from '#shared/db/phone-repository';
import { consumeRateLimit } from '#shared/db/rate-limiter';
import { getUserById } from '#shared/db/user-repository';
import type { AccountDeps } from '#shared/domain/accounts/deps';
import type { OwnProfileDeps } from '#shared/domain/accounts/profile-view';
import { systemClock } from '#shared/domain/clock';

/**
 * The account wiring plus what a group of use cases adds (mail-deps.ts, session-deps.ts). A builder rather than
 * a spread of one object, so the config getters stay lazy.
 */
export function accountDepsWith<Extra extends object>(extra: Extra): AccountDeps & Extra {
  return {
    ...extra,
    accounts,
    rateLimit: consumeRateLimit,
    passwords: { hash: hashPassword, verify: verifyPassword, verifyDummy: verifyAgainstDummy, needsRehash },
    newSecretToken,
    hashToken,
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    newId: ulid,
    get publicUrl() {
      return config().PUBLIC_URL;
    },
    get refreshReuseLeewaySeconds() {
      return config().REFRESH_REUSE_LEEWAY_SECONDS;
    },
  };
}

/**
 * For the use cases that neither mail nor sign (verify email, reset password, logout). Marked pure so a
 * handler that imports only ownProfileDeps does not bundle it.
 */
export const accountDeps: AccountDeps = /* @__PURE__ */ accountDepsWith({});

export const ownProfileDeps: OwnProfileDeps = {
  users: { getUserById: (userId) => getUserById(userId) },
  phones: phoneStore,
  notifications: notificationStore,
  roles: { isOperator },
  clock: systemClock,
};
