/**
 * The authorize page: a server-rendered form (no script) where the user signs in with their username or email
 * and password and approves the app's scopes, and the out-of-band page that shows a code to copy. Every value
 * is escaped; hidden fields carry the request, and a CSRF token that must match the cookie set with the page.
 */
import { escapeHtml } from '#shared/domain/mastodon/html';
import type { AuthorizationRequest } from './oauth';

/** No script, no framing, no third-party anything; the form may only post back here. */
export const AUTHORIZE_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The page's policy when its form leads on to the app: browsers apply `form-action` to the redirect that answers
 * the post as well, so the registered redirect URI's origin (https://app.example) or custom scheme
 * (com.example.app:) must be allowed beside 'self', or the browser blocks the way back to the app. Built from
 * the parsed URI only, so nothing an app registered can add a directive.
 */
export function authorizePagePolicy(redirectUri?: string): string {
  const target = redirectUri === undefined ? undefined : formActionSource(redirectUri);
  return target
    ? AUTHORIZE_PAGE_CSP.replace("form-action 'self'", `form-action 'self' ${target}`)
    : AUTHORIZE_PAGE_CSP;
}

function formActionSource(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
  return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) ? url.protocol : undefined;
}

/** The web client's palette (web/src/styles.css), light and dark, so the page reads as Skylark's own. */
const STYLE = `:root{color-scheme:light dark;--bg:#f5f8fa;--surface:#fff;--text:#14171a;--muted:#586069;--accent:#0b5cad;--accent-text:#fff;--border:#d5dde3;--danger:#b00020;--focus:#ffbf47}
@media (prefers-color-scheme:dark){:root{--bg:#10171e;--surface:#17212b;--text:#e7ecf0;--muted:#a4b1bd;--accent:#7cc0ff;--accent-text:#0b1620;--border:#2f3d4a;--danger:#ff8a80}}
body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:var(--text);background:var(--bg)}
.brand{font-weight:700;font-size:1.25rem;color:var(--accent);margin:0}main{background:var(--surface);border:1px solid var(--border);border-radius:12px;padding:1.25rem 1.5rem;margin-top:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 .75rem;overflow-wrap:anywhere}
label{display:block;margin-top:1rem;font-weight:600}input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box;border:1px solid var(--border);border-radius:6px;background:var(--surface);color:var(--text)}
button{margin-top:1.25rem;margin-right:.5rem;padding:.6rem 1.2rem;font:inherit;font-weight:600;cursor:pointer;border-radius:999px;border:1px solid var(--accent);background:var(--surface);color:var(--accent)}
button[value=approve]{background:var(--accent);color:var(--accent-text)}:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.error{color:var(--danger);border-left:4px solid var(--danger);padding-left:.75rem}
code{font-size:1.2rem;word-break:break-all;background:var(--bg);padding:.5rem;display:block;border-radius:6px}ul{padding-left:1.2rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><p class="brand">Skylark</p>${body}</body></html>`;
}

const HIDDEN_FIELDS = [
  ['client_id', 'clientId'],
  ['redirect_uri', 'redirectUri'],
  ['scope', 'scope'],
  ['state', 'state'],
  ['code_challenge', 'codeChallenge'],
  ['code_challenge_method', 'codeChallengeMethod'],
] as const;

export function authorizePage(input: {
  appName: string;
  appWebsite: string | null;
  scopes: readonly string[];
  request: AuthorizationRequest;
  csrf: string;
  login?: string;
  error?: string;
}): string {
  const hidden = HIDDEN_FIELDS.flatMap(([name, key]) => {
    const value = input.request[key];
    return value === undefined ? [] : [`<input type="hidden" name="${name}" value="${escapeHtml(value)}">`];
  }).join('');
  const error = input.error ? `<p class="error" role="alert" id="error">${escapeHtml(input.error)}</p>` : '';
  const website = input.appWebsite ? ` (${escapeHtml(input.appWebsite)})` : '';
  return page(
    `Authorize ${input.appName} — Skylark`,
    `<main><h1>Authorize ${escapeHtml(input.appName)}</h1>
<p><strong>${escapeHtml(input.appName)}</strong>${website} asks to use your Skylark account with these permissions:</p>
<ul>${input.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('')}</ul>${error}
<form method="post" action="/oauth/authorize">${hidden}<input type="hidden" name="response_type" value="code"><input type="hidden" name="csrf" value="${escapeHtml(input.csrf)}">
<label for="login">Username or email</label><input id="login" name="login" autocomplete="username" required value="${escapeHtml(input.login ?? '')}"${input.error ? ' aria-describedby="error"' : ''}>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" name="decision" value="approve">Sign in and authorize</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button></form></main>`,
  );
}

export function outOfBandPage(code: string): string {
  return page(
    'Authorization code — Skylark',
    `<main><h1>Authorization code</h1><p>Copy this code and paste it into the app:</p><code id="code">${escapeHtml(code)}</code></main>`,
  );
}

export function errorPage(message: string): string {
  return page(
    'Authorization failed — Skylark',
    `<main><h1>Authorization failed</h1><p class="error">${escapeHtml(message)}</p></main>`,
  );
}

/** The redirect back to the app: the URI as registered plus the query parameters (RFC 6749 §4.1.2). */
export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, value);
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${search.toString()}`;
}
