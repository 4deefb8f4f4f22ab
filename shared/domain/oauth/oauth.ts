/**
 * OAuth 2 for the Mastodon-compatible API: app registration, the authorization-code grant with PKCE (S256),
 * client credentials, token revocation, and the bearer check of every Mastodon route. Tokens are opaque, stored
 * by SHA-256, valid until revoked — or until the user's password is reset (the same watermark that voids
 * refresh tokens, so a reset revokes every app at once).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AccountDeps } from '#shared/domain/accounts/deps';
import { checkCredentials } from '#shared/domain/accounts/sessions';
import type { Identity } from '#shared/domain/identity';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '#shared/errors';
import type { LoginInput } from '#shared/schemas/auth';
import type { AccessGrant, OAuthApp, OAuthStore } from './ports';
import { parseScopes, scopeAllows, scopesWithin, unknownScopes } from './scopes';

export const OOB_REDIRECT_URI = 'urn:ietf:wg:oauth:2.0:oob';
export const AUTHORIZATION_CODE_TTL_MS = 10 * 60 * 1000;

export interface OAuthDeps {
  oauth: OAuthStore;
  /** Sign-in checks and the reset watermark come from the accounts use cases. */
  accounts: Pick<AccountDeps, 'rateLimit' | 'accounts' | 'passwords'>;
  newSecretToken(): { token: string; hash: string };
  hashToken(token: string): string;
  newId(): string;
  now(): number;
  passwordGrantEnabled: boolean;
}

/** An OAuth error in RFC 6749's vocabulary (the code is the `error` the client branches on). */
export class OAuthError extends ValidationError {}

export interface RegisteredApp extends OAuthApp {
  /** Shown once. */
  clientSecret: string;
}

export async function registerApp(
  deps: OAuthDeps,
  input: { name: string; redirectUris: string[]; scopes?: string | undefined; website?: string | undefined },
): Promise<RegisteredApp> {
  const scopes = parseScopes(input.scopes);
  const unknown = unknownScopes(scopes);
  if (unknown.length > 0) throw new ValidationError('invalid_scope', `Unknown scopes: ${unknown.join(', ')}`);
  const secret = deps.newSecretToken();
  const app: OAuthApp = {
    clientId: deps.newSecretToken().token,
    clientSecretHash: secret.hash,
    name: input.name,
    website: input.website ?? null,
    redirectUris: input.redirectUris,
    scopes,
    createdAt: new Date(deps.now()).toISOString(),
  };
  await deps.oauth.saveApp(app);
  return { ...app, clientSecret: secret.token };
}

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scope?: string | undefined;
  state?: string | undefined;
  codeChallenge?: string | undefined;
  codeChallengeMethod?: string | undefined;
}

/**
 * Checks an authorization request before the page is shown. Problems with the client or its redirect URI are
 * shown on the page, never redirected to (RFC 6749 §4.1.2.1).
 */
export async function checkAuthorizationRequest(
  deps: Pick<OAuthDeps, 'oauth'>,
  request: AuthorizationRequest,
): Promise<{ app: OAuthApp; scopes: string[] }> {
  const app = await deps.oauth.findApp(request.clientId);
  if (!app) throw new OAuthError('invalid_client', 'Client authentication failed: unknown client_id');
  if (!app.redirectUris.includes(request.redirectUri)) {
    throw new OAuthError('invalid_request', 'The redirect URI is not one this app registered');
  }
  const scopes = request.scope === undefined ? app.scopes : parseScopes(request.scope);
  if (!scopesWithin(scopes, app.scopes)) {
    throw new OAuthError('invalid_scope', 'The requested scope is invalid, unknown, or malformed');
  }
  if (request.codeChallenge !== undefined && request.codeChallengeMethod !== 'S256') {
    throw new OAuthError('invalid_request', 'Only the S256 code challenge method is supported');
  }
  return { app, scopes };
}

/** Signs the user in and issues a single-use authorization code for the request. */
export async function approveAuthorization(
  deps: OAuthDeps,
  request: AuthorizationRequest,
  credentials: LoginInput,
  sourceIp: string,
): Promise<{ code: string; app: OAuthApp }> {
  const { app, scopes } = await checkAuthorizationRequest(deps, request);
  const account = await checkCredentials(deps.accounts, credentials, sourceIp);
  const code = deps.newSecretToken();
  await deps.oauth.saveCode(code.hash, {
    clientId: app.clientId,
    userId: account.user.id,
    redirectUri: request.redirectUri,
    scopes,
    codeChallenge: request.codeChallenge,
    expiresAt: deps.now() + AUTHORIZATION_CODE_TTL_MS,
  });
  return { code: code.token, app };
}

export type TokenRequest =
  | {
      grantType: 'authorization_code';
      code: string;
      redirectUri: string;
      codeVerifier?: string | undefined;
    }
  | { grantType: 'client_credentials'; scope?: string | undefined }
  | { grantType: 'password'; username: string; password: string; scope?: string | undefined };

export interface ClientCredentials {
  clientId: string;
  clientSecret?: string | undefined;
}

export interface IssuedToken {
  accessToken: string;
  scopes: string[];
  createdAt: number;
}

export async function issueToken(
  deps: OAuthDeps,
  client: ClientCredentials,
  request: TokenRequest,
  sourceIp: string,
): Promise<IssuedToken> {
  await deps.accounts.rateLimit('login:ip', sourceIp);
  const app = await deps.oauth.findApp(client.clientId);
  if (!app) throw invalidClient();
  if (request.grantType === 'authorization_code') {
    const code = await deps.oauth.consumeCode(deps.hashToken(request.code));
    const verified =
      code !== undefined &&
      code.clientId === app.clientId &&
      code.expiresAt > deps.now() &&
      code.redirectUri === request.redirectUri &&
      pkceMatches(code.codeChallenge, request.codeVerifier);
    // A PKCE client proves itself with the verifier; a confidential one with its secret.
    if (!code?.codeChallenge) requireSecret(deps, app, client);
    if (!verified) {
      throw new OAuthError(
        'invalid_grant',
        'The authorization code is invalid, expired, already used, or was issued for another redirect URI or verifier',
      );
    }
    return grant(deps, app, code.scopes, code.userId);
  }
  requireSecret(deps, app, client);
  if (request.grantType === 'client_credentials') {
    const scopes = request.scope === undefined ? ['read'] : parseScopes(request.scope);
    if (!scopesWithin(scopes, app.scopes)) throw invalidScope();
    return grant(deps, app, scopes, undefined);
  }
  if (!deps.passwordGrantEnabled) {
    throw new OAuthError('unsupported_grant_type', 'The password grant is disabled on this server');
  }
  const scopes = request.scope === undefined ? app.scopes : parseScopes(request.scope);
  if (!scopesWithin(scopes, app.scopes)) throw invalidScope();
  const account = await checkCredentials(
    deps.accounts,
    { login: request.username, password: request.password },
    sourceIp,
  );
  return grant(deps, app, scopes, account.user.id);
}

async function grant(
  deps: OAuthDeps,
  app: OAuthApp,
  scopes: string[],
  userId: string | undefined,
): Promise<IssuedToken> {
  const token = deps.newSecretToken();
  const createdAt = deps.now();
  await deps.oauth.saveToken(token.hash, {
    id: deps.newId(),
    clientId: app.clientId,
    appName: app.name,
    appWebsite: app.website,
    userId,
    scopes,
    createdAt,
  });
  return { accessToken: token.token, scopes, createdAt };
}

function requireSecret(deps: OAuthDeps, app: OAuthApp, client: ClientCredentials): void {
  if (
    client.clientSecret === undefined ||
    !equalHex(deps.hashToken(client.clientSecret), app.clientSecretHash)
  ) {
    throw invalidClient();
  }
}

function equalHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** RFC 7636 S256: BASE64URL(SHA-256(verifier)) equals the challenge. No challenge: nothing to check. */
export function pkceMatches(challenge: string | undefined, verifier: string | undefined): boolean {
  if (challenge === undefined) return true;
  if (verifier === undefined || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const computed = createHash('sha256').update(verifier, 'ascii').digest('base64url');
  return equalHex(computed, challenge);
}

function invalidClient(): UnauthorizedError {
  return new UnauthorizedError(
    'invalid_client',
    'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  );
}

function invalidScope(): OAuthError {
  return new OAuthError('invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
}

/** RFC 7009: revoking an unknown or foreign token succeeds silently. */
export async function revokeToken(deps: OAuthDeps, client: ClientCredentials, token: string): Promise<void> {
  const app = await deps.oauth.findApp(client.clientId);
  if (!app) throw invalidClient();
  requireSecret(deps, app, client);
  const hash = deps.hashToken(token);
  const grant = await deps.oauth.findToken(hash);
  if (grant?.clientId === app.clientId) await deps.oauth.revokeToken(hash);
}

/** Who calls a Mastodon route with this bearer token, if it is valid and its scopes allow the route. */
export interface OAuthCaller extends Identity {
  scopes: string[];
  grantId: string;
}

/**
 * @throws UnauthorizedError when the token is unknown, revoked, or older than the user's last password reset;
 *   ForbiddenError when its scopes do not cover `scope`; a user-less (client_credentials) token cannot act as a
 *   user (422, as Mastodon answers).
 */
export async function authenticateBearer(
  deps: Pick<OAuthDeps, 'oauth' | 'hashToken'> & { accounts: Pick<AccountDeps['accounts'], 'getAccount'> },
  token: string,
  scope: string | undefined,
): Promise<OAuthCaller> {
  const grant = await deps.oauth.findToken(deps.hashToken(token));
  if (!grant) throw invalidToken();
  if (grant.userId === undefined) {
    throw new ValidationError('user_required', 'This method requires an authenticated user');
  }
  const account = await deps.accounts.getAccount(grant.userId);
  if (!account || grant.createdAt < account.tokensValidAfter) throw invalidToken();
  if (scope !== undefined && !scopeAllows(grant.scopes, scope)) {
    throw new ForbiddenError('insufficient_scope', 'This action is outside the authorized scopes');
  }
  return {
    userId: account.user.id,
    username: account.user.username,
    scopes: grant.scopes,
    grantId: grant.id,
  };
}

function invalidToken(): UnauthorizedError {
  return new UnauthorizedError('invalid_token', 'The access token is invalid');
}

/** The apps a user signed in to, for GET /v1/me/apps (tokens voided by a password reset left out). */
export async function listAuthorizedApps(
  deps: Pick<OAuthDeps, 'oauth'> & { accounts: Pick<AccountDeps['accounts'], 'getAccount'> },
  userId: string,
): Promise<AccessGrant[]> {
  const [grants, account] = await Promise.all([
    deps.oauth.listUserGrants(userId),
    deps.accounts.getAccount(userId),
  ]);
  const validAfter = account?.tokensValidAfter ?? Number.POSITIVE_INFINITY;
  return grants.filter((grant) => grant.createdAt >= validAfter);
}

/** @throws NotFoundError app_not_found */
export async function revokeAuthorizedApp(
  deps: Pick<OAuthDeps, 'oauth'>,
  userId: string,
  grantId: string,
): Promise<void> {
  if (!(await deps.oauth.revokeUserGrant(userId, grantId))) {
    throw new NotFoundError('app_not_found', 'You have not authorized such an app');
  }
}
