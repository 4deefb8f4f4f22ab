/** The bearer check of the Mastodon routes that read a token: OAuth tokens of this surface, and /v1 JWTs. */
import { verifyAccessToken } from '#shared/adapters/access-tokens';
import { hashToken } from '#shared/adapters/secret-tokens';
import * as accounts from '#shared/db/account-repository';
import { oauthStore } from '#shared/db/oauth-repository';
import { authenticateBearer } from '#shared/domain/oauth/oauth';
import { bearerToken } from '#shared/http/authenticate';
import type { Authenticator } from '#shared/http/dialect';
import { mastodonDialect } from '#shared/http/mastodon-dialect';

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** OAuth tokens of this surface; a /v1 access token (a JWT) is accepted too, with every scope. */
const authenticateMastodon: Authenticator = async (event, mode, scope) => {
  if (mode === 'none') return undefined;
  const token = bearerToken(event, mode);
  if (token === undefined) return undefined;
  if (JWT_SHAPE.test(token)) return verifyAccessToken(token);
  return authenticateBearer({ oauth: oauthStore, hashToken, accounts }, token, scope);
};

export const api = mastodonDialect(authenticateMastodon);
