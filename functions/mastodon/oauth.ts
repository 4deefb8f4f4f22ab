/** OAuth 2 for Mastodon apps: registration, the authorize page and its form, token and revocation. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { toCredentialApplication, toToken } from '#shared/domain/mastodon/entities';
import {
  type AuthorizeOutcome,
  showAuthorizePage,
  submitAuthorizeForm,
} from '#shared/domain/oauth/authorize-flow';
import { authorizePagePolicy } from '#shared/domain/oauth/authorize-page';
import {
  type AuthorizationRequest,
  issueToken,
  OAuthError,
  registerApp,
  revokeToken,
  type TokenRequest,
} from '#shared/domain/oauth/oauth';
import { publicMastodonDialect as api, oauthDialect as oauth } from '#shared/http/mastodon-dialect';
import { publicHttpHandler } from '#shared/http/public-handler';
import { ok, type Reply } from '#shared/http/responses';
import { dispatchByRouteKey } from '#shared/http/route-dispatch';
import {
  AuthorizeForm,
  AuthorizeQuery,
  CreateAppBody,
  RevokeBody,
  TokenBody,
} from '#shared/schemas/mastodon';
import { publicUrl } from './deps';
import { oauthDeps } from './oauth-deps';

const CSRF_COOKIE = 'skylark_oauth_csrf';

function authorizationRequest(query: {
  client_id: string;
  redirect_uri: string;
  scope?: string | undefined;
  state?: string | undefined;
  code_challenge?: string | undefined;
  code_challenge_method?: string | undefined;
}): AuthorizationRequest {
  return {
    clientId: query.client_id,
    redirectUri: query.redirect_uri,
    scope: query.scope,
    state: query.state,
    codeChallenge: query.code_challenge,
    codeChallengeMethod: query.code_challenge_method,
  };
}

function outcomeReply(outcome: AuthorizeOutcome): Reply {
  if (outcome.kind === 'redirect') return { statusCode: 302, headers: { location: outcome.location } };
  const secure = publicUrl().startsWith('https:') ? '; Secure' : '';
  return {
    statusCode: outcome.status,
    headers: {
      'content-security-policy': authorizePagePolicy(outcome.formTarget),
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      ...(outcome.csrf
        ? {
            'set-cookie': `${CSRF_COOKIE}=${outcome.csrf}; Path=/oauth; HttpOnly; SameSite=Strict; Max-Age=1800${secure}`,
          }
        : {}),
    },
    raw: { contentType: 'text/html; charset=utf-8', content: outcome.html },
  };
}

/** API Gateway (payload 2.0) moves cookies to `event.cookies`; a plain Cookie header is read too. */
function cookie(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const all = [...(event.cookies ?? []), ...(event.headers.cookie ?? '').split(';')];
  for (const entry of all) {
    const [key, ...value] = entry.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** RFC 6749 §2.3.1: client credentials in the body, or HTTP Basic. */
function clientCredentials(
  event: APIGatewayProxyEventV2,
  body: { client_id?: string | undefined; client_secret?: string | undefined },
) {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(event.headers.authorization ?? '');
  if (basic?.[1]) {
    const [id, ...secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    return { clientId: decodeURIComponent(id ?? ''), clientSecret: decodeURIComponent(secret.join(':')) };
  }
  return { clientId: body.client_id ?? '', clientSecret: body.client_secret };
}

function tokenRequest(body: {
  grant_type: string;
  code?: string | undefined;
  redirect_uri?: string | undefined;
  code_verifier?: string | undefined;
  scope?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}): TokenRequest {
  switch (body.grant_type) {
    case 'authorization_code':
      if (!body.code || !body.redirect_uri) {
        throw new OAuthError('invalid_request', 'authorization_code needs code and redirect_uri');
      }
      return {
        grantType: 'authorization_code',
        code: body.code,
        redirectUri: body.redirect_uri,
        codeVerifier: body.code_verifier,
      };
    case 'client_credentials':
      return { grantType: 'client_credentials', scope: body.scope };
    case 'password':
      return {
        grantType: 'password',
        username: body.username ?? '',
        password: body.password ?? '',
        scope: body.scope,
      };
    default:
      throw new OAuthError(
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
      );
  }
}

export const routes = {
  'POST /api/v1/apps': publicHttpHandler(
    { dialect: api, schemas: { body: CreateAppBody } },
    async ({ body }) => {
      const app = await registerApp(oauthDeps, {
        name: body.client_name,
        redirectUris: body.redirect_uris,
        scopes: body.scopes,
        website: body.website,
      });
      return ok(toCredentialApplication(app, app.clientSecret));
    },
  ),
  'GET /oauth/authorize': publicHttpHandler(
    { dialect: oauth, schemas: { query: AuthorizeQuery } },
    async ({ query }) => outcomeReply(await showAuthorizePage(oauthDeps, authorizationRequest(query))),
  ),
  'POST /oauth/authorize': publicHttpHandler(
    { dialect: oauth, schemas: { body: AuthorizeForm } },
    async ({ body, event, sourceIp }) =>
      outcomeReply(
        await submitAuthorizeForm(
          oauthDeps,
          {
            request: authorizationRequest(body),
            login: body.login,
            password: body.password,
            decision: body.decision,
            csrfField: body.csrf,
            csrfCookie: cookie(event, CSRF_COOKIE),
          },
          sourceIp,
        ),
      ),
  ),
  'POST /oauth/token': publicHttpHandler(
    { dialect: oauth, schemas: { body: TokenBody } },
    async ({ body, event, sourceIp }) =>
      ok(toToken(await issueToken(oauthDeps, clientCredentials(event, body), tokenRequest(body), sourceIp))),
  ),
  'POST /oauth/revoke': publicHttpHandler(
    { dialect: oauth, schemas: { body: RevokeBody } },
    async ({ body, event }) => {
      await revokeToken(oauthDeps, clientCredentials(event, body), body.token);
      return ok({});
    },
  ),
};

export const handler = dispatchByRouteKey(routes);
