/** The production wiring of the account use cases: DynamoDB, SES, scrypt, jose. */
import { ulid } from 'ulid';
import { issueAccessToken } from '#shared/adapters/access-tokens';
import { sendMail } from '#shared/adapters/mailer';
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

export const accountDeps: AccountDeps = {
  accounts,
  rateLimit: consumeRateLimit,
  sendMail,
  passwords: { hash: hashPassword, verify: verifyPassword, verifyDummy: verifyAgainstDummy, needsRehash },
  issueAccessToken,
  newSecretToken,
  hashToken,
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  newId: ulid,
  get publicUrl() {
    return config().PUBLIC_URL;
  },
  get refreshReuseLeewaySeconds() {
    return config().REFRESH_REUSE_LEEWAY_SECONDS;
  },
};

export const ownProfileDeps: OwnProfileDeps = {
  users: { getUserById: (userId) => getUserById(userId) },
  phones: phoneStore,
  notifications: notificationStore,
  roles: { isOperator },
  clock: systemClock,
};
