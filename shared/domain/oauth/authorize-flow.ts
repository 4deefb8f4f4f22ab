/**
 * The authorize page's two steps as outcomes the handler only serialises: show the page (GET), and on the form
 * post check the CSRF token, sign the user in and redirect back to the app with a code (or show it, for oob).
 * A failed sign-in shows the form again with the reason; a bad client or redirect URI is never redirected to.
 */
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '#shared/errors';
import { authorizePage, errorPage, outOfBandPage, redirectWith } from './authorize-page';
import {
  type AuthorizationRequest,
  approveAuthorization,
  checkAuthorizationRequest,
  type OAuthDeps,
  OOB_REDIRECT_URI,
} from './oauth';

export type AuthorizeOutcome =
  /** `formTarget`: the checked redirect URI a page's form leads to (its Content-Security-Policy allows it). */
  | { kind: 'page'; status: number; html: string; csrf?: string; formTarget?: string }
  | { kind: 'redirect'; location: string };

/** Where a page's form may lead: the app's checked redirect URI, unless the code is shown here (oob). */
const formTargetOf = (request: AuthorizationRequest) =>
  request.redirectUri === OOB_REDIRECT_URI ? undefined : request.redirectUri;

export async function showAuthorizePage(
  deps: OAuthDeps,
  request: AuthorizationRequest,
): Promise<AuthorizeOutcome> {
  try {
    const { app, scopes } = await checkAuthorizationRequest(deps, request);
    const csrf = deps.newSecretToken().token;
    const html = authorizePage({ appName: app.name, appWebsite: app.website, scopes, request, csrf });
    return { kind: 'page', status: 200, html, csrf, formTarget: formTargetOf(request) };
  } catch (error) {
    return errorOutcome(error);
  }
}

export async function submitAuthorizeForm(
  deps: OAuthDeps,
  input: {
    request: AuthorizationRequest;
    login: string;
    password: string;
    decision: 'approve' | 'deny';
    csrfField: string;
    csrfCookie: string | undefined;
  },
  sourceIp: string,
): Promise<AuthorizeOutcome> {
  let checked: Awaited<ReturnType<typeof checkAuthorizationRequest>>;
  try {
    checked = await checkAuthorizationRequest(deps, input.request);
  } catch (error) {
    return errorOutcome(error);
  }
  if (!sameToken(input.csrfField, input.csrfCookie)) {
    return {
      kind: 'page',
      status: 403,
      html: errorPage(
        'This form expired or was not sent from this page. Go back to the app and sign in again.',
      ),
    };
  }
  const { request } = input;
  if (input.decision === 'deny') {
    if (request.redirectUri === OOB_REDIRECT_URI) {
      return { kind: 'page', status: 200, html: errorPage('You denied the app access to your account.') };
    }
    return {
      kind: 'redirect',
      location: redirectWith(request.redirectUri, { error: 'access_denied', state: request.state }),
    };
  }
  try {
    const { code } = await approveAuthorization(
      deps,
      request,
      { login: input.login, password: input.password },
      sourceIp,
    );
    if (request.redirectUri === OOB_REDIRECT_URI)
      return { kind: 'page', status: 200, html: outOfBandPage(code) };
    return { kind: 'redirect', location: redirectWith(request.redirectUri, { code, state: request.state }) };
  } catch (error) {
    if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
    const html = authorizePage({
      appName: checked.app.name,
      appWebsite: checked.app.website,
      scopes: checked.scopes,
      request,
      csrf: input.csrfField,
      login: input.login,
      error: error.message,
    });
    return { kind: 'page', status: error.statusCode, html, formTarget: formTargetOf(request) };
  }
}

function errorOutcome(error: unknown): AuthorizeOutcome {
  if (error instanceof AppError && error.statusCode < 500) {
    return { kind: 'page', status: 400, html: errorPage(error.message) };
  }
  throw error;
}

function sameToken(field: string, cookie: string | undefined): boolean {
  if (!cookie || field.length === 0) return false;
  const a = Buffer.from(field, 'utf8');
  const b = Buffer.from(cookie, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
