/**
 * Who is signed in. The access token is kept in memory only; the refresh token is an HttpOnly cookie the page
 * cannot read. On load the session is restored through that cookie (POST /v1/auth/refresh), and renewed a
 * minute before the access token expires. Nothing secret is written to localStorage or sessionStorage.
 */
import { ApiError, api, useTokenSource } from './api';
import type { CookieSession, Me } from './api-types';
import { createStore } from './store';

export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; me: Me };

export const session = createStore<SessionState>({ status: 'restoring' });

/**
 * Pending follow requests (the navigation's count). Only a protected account can have any (turning protection off
 * accepts them all), so only a protected account's client reads them, one page, after GET /v1/me.
 */
export const pendingFollowRequests = createStore<number>(0);
const FOLLOW_REQUESTS_COUNTED = 100;

const RENEW_BEFORE_EXPIRY_MS = 60_000;
/** How often the profile (and with it the unread notification badge) is re-read while the page is visible. */
const ME_REFRESH_MS = 60_000;
let accessToken: string | undefined;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let meTimer: ReturnType<typeof setInterval> | undefined;
let renewing: Promise<boolean> | undefined;

useTokenSource({ accessToken: () => accessToken, renew: () => renew() });

function keep(answer: CookieSession): void {
  accessToken = answer.accessToken;
  clearTimeout(renewTimer);
  const delay = Math.max(answer.expiresIn * 1000 - RENEW_BEFORE_EXPIRY_MS, 5_000);
  renewTimer = setTimeout(() => void renew(), delay);
}

/**
 * The server's readable `skylark_signed_in` hint (shared/http/session-cookies.ts): without it there is no
 * session cookie to restore, so a signed-out visitor's page skips the refresh call (and its 401).
 */
const SESSION_HINT = 'skylark_signed_in';

function hasSessionHint(): boolean {
  return document.cookie.split(';').some((entry) => entry.trim() === `${SESSION_HINT}=1`);
}

function clearSessionHint(): void {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser Skylark serves.
  document.cookie = `${SESSION_HINT}=; Path=/; Max-Age=0; SameSite=Strict${secure}`;
}

function forget(): void {
  accessToken = undefined;
  pendingFollowRequests.set(0);
  clearTimeout(renewTimer);
  clearInterval(meTimer);
  session.set({ status: 'signed-out' });
}

/** One refresh at a time: concurrent 401s share it. */
function renew(): Promise<boolean> {
  renewing ??= api
    .refresh()
    .then((answer) => {
      keep(answer);
      return true;
    })
    .catch((failure: unknown) => {
      // Only the server's "no such session" ends the hint: after a network failure or a 5xx the cookie may
      // still be good, and the next page load should try it again.
      if (failure instanceof ApiError && failure.status === 401) clearSessionHint();
      forget();
      return false;
    })
    .finally(() => {
      renewing = undefined;
    });
  return renewing;
}

/**
 * At start: signed in if the cookie still holds a session. `whenKnown` runs as soon as that is known, before
 * GET /v1/me answers, so the first screen's own reads go out in parallel with it (early-reads.ts).
 */
export async function restoreSession(
  whenKnown: (signedIn: boolean) => void = () => undefined,
): Promise<void> {
  if (!hasSessionHint()) {
    forget();
    whenKnown(false);
    return;
  }
  const renewed = await renew();
  whenKnown(renewed);
  if (!renewed) return;
  await reloadMe().catch(forget);
}

export async function reloadMe(): Promise<Me> {
  const me = await api.me();
  session.set({ status: 'signed-in', me });
  void countFollowRequests(me);
  clearInterval(meTimer);
  meTimer = setInterval(() => {
    if (document.visibilityState === 'visible') reloadMe().catch(() => undefined);
  }, ME_REFRESH_MS);
  return me;
}

/** Re-counts the pending follow requests (after GET /v1/me, and when the follow-requests screen changes them). */
export async function countFollowRequests(
  me: Pick<Me, 'protected'> | undefined = currentUser(),
): Promise<void> {
  if (!me?.protected) {
    pendingFollowRequests.set(0);
    return;
  }
  const page = await api.followRequests(undefined, FOLLOW_REQUESTS_COUNTED).catch(() => undefined);
  if (page) pendingFollowRequests.set(page.nextCursor ? FOLLOW_REQUESTS_COUNTED : page.items.length);
}

export async function signIn(login: string, password: string): Promise<void> {
  keep(await api.login(login, password));
  await reloadMe();
}

export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } finally {
    // The logout answer clears the cookies; a failed call must not leave the page believing in a session.
    clearSessionHint();
    forget();
  }
}

/** The signed-in profile, or undefined. */
export function currentUser(): Me | undefined {
  const state = session.get();
  return state.status === 'signed-in' ? state.me : undefined;
}
