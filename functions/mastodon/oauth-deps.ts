/** OAuth 2 for Mastodon apps: the OAuth store, the account and password checks of /v1 sign-in, rate limits. */
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
import { oauthStore } from '#shared/db/oauth-repository';
import { consumeRateLimit } from '#shared/db/rate-limiter';
import type { OAuthDeps } from '#shared/domain/oauth/oauth';

export const oauthDeps: OAuthDeps = {
  oauth: oauthStore,
  accounts: {
    accounts,
    rateLimit: consumeRateLimit,
    passwords: { hash: hashPassword, verify: verifyPassword, verifyDummy: verifyAgainstDummy, needsRehash },
  },
  newSecretToken,
  hashToken,
  newId: ulid,
  now: Date.now,
  get passwordGrantEnabled() {
    return config().OAUTH_PASSWORD_GRANT;
  },
};
