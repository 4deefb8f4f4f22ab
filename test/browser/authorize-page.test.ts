/**
 * The Mastodon OAuth authorize page (GET/POST /oauth/authorize) in a real browser against the local stack, the
 * way an app opens it: sign in on the page, approve or deny, and land on the app's redirect URI with the code
 * and state (or the out-of-band page showing the code). The page is drawn with its own inline style under its
 * own Content-Security-Policy; axe checks it and a screenshot goes to test-results/screenshots/.
 */
/// <reference lib="dom" />
import { createHash, randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack';
import { type ApiClient, apiClient } from '#test/factories/api-client';
import { registerConfirmed } from '#test/factories/mailbox';
import { startTestStack } from '#test/support/local-stack';
import { seriousViolations } from './support/axe';
import { launchChromium, newPersonContext } from './support/chromium';
import { screenshot } from './support/screenshots';

/** An app's own callback: never reached, the browser's navigation to it is answered here. */
const REDIRECT_URI = 'https://app.example/callback';
const OUT_OF_BAND = 'urn:ietf:wg:oauth:2.0:oob';
const tag = Date.now().toString(36);
const grace = {
  firstName: 'Grace',
  lastName: 'Hopper',
  username: `grace_${tag}`,
  email: `grace.${tag}@example.org`,
  password: 'compiler pioneer 1952',
};

let stack: LocalStack;
/** The token of the app approved on the page, which the Apps settings then revoke. */
let approvedToken = '';
let api: ApiClient;
let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  api = apiClient(stack.url);
  await registerConfirmed(api, grace);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

afterEach(() => {
  expect(problems).toEqual([]);
  problems.length = 0;
});

async function registerApp(
  redirectUri: string,
  name = `Pocket <${tag}>`,
): Promise<{ clientId: string; clientSecret: string }> {
  const response = await fetch(new URL('/api/v1/apps', stack.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: name,
      redirect_uris: redirectUri,
      scopes: 'read write',
    }),
  });
  expect(response.status).toBe(200);
  const app = (await response.json()) as { client_id: string; client_secret: string };
  return { clientId: app.client_id, clientSecret: app.client_secret };
}

/**
 * A fresh browser context on the authorize page of this request. Script errors and policy violations (a style
 * the page's policy refused, a form post or redirect it blocked) are collected and fail the test; navigations to the app's callback are answered
 * with a blank page and recorded.
 */
async function openAuthorize(query: URLSearchParams): Promise<{ page: Page; callbacks: URL[] }> {
  const context = await newPersonContext(browser);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
  // A refused style or a blocked form post (its redirect included) is reported on the console.
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) problems.push(message.text());
  });
  const callbacks: URL[] = [];
  await page.route('https://app.example/**', async (route) => {
    callbacks.push(new URL(route.request().url()));
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>App</title>' });
  });
  await page.goto(new URL(`/oauth/authorize?${query}`, stack.publicUrl).toString());
  return { page, callbacks };
}

function authorizeQuery(clientId: string, redirectUri: string, verifier: string, state: string) {
  return new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'read write',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
}

async function signInOnPage(page: Page, password: string): Promise<void> {
  await page.getByLabel('Username or email').fill(grace.username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in and authorize' }).click();
}

async function exchange(
  app: { clientId: string; clientSecret: string },
  redirectUri: string,
  code: string,
  verifier: string,
) {
  return fetch(new URL('/oauth/token', stack.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      redirect_uri: redirectUri,
      code,
      code_verifier: verifier,
    }).toString(),
  });
}

describe('the OAuth authorize page', () => {
  it('is drawn with its own style, names the app and its scopes, and passes axe', async () => {
    const app = await registerApp(REDIRECT_URI);
    const { page } = await openAuthorize(authorizeQuery(app.clientId, REDIRECT_URI, 'v'.repeat(43), 'look'));
    await page.getByRole('heading', { name: `Authorize Pocket <${tag}>`, level: 1 }).waitFor();
    expect(await page.getByRole('listitem').allTextContents()).toEqual(['read', 'write']);
    // The inline style applies (the JSON API's policy would refuse it and log a console error).
    expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('448px');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '40-oauth-authorize');
    await page.context().close();
  });

  it('says a wrong password on the page, then signs in, approves and redirects with the code and state', async () => {
    const app = await registerApp(REDIRECT_URI);
    const verifier = randomBytes(32).toString('base64url');
    const state = `state-${tag}`;
    const { page, callbacks } = await openAuthorize(
      authorizeQuery(app.clientId, REDIRECT_URI, verifier, state),
    );

    await signInOnPage(page, 'not the password');
    await page.getByRole('alert').getByText('The login or password is wrong').waitFor();
    expect(await page.getByLabel('Username or email').inputValue()).toBe(grace.username);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '41-oauth-authorize-wrong-password');
    expect(callbacks).toEqual([]);

    await signInOnPage(page, grace.password);
    await page.waitForURL((url) => url.origin === 'https://app.example');
    expect(callbacks).toHaveLength(1);
    const [callback] = callbacks;
    expect(callback?.searchParams.get('state')).toBe(state);
    const code = callback?.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    const token = await exchange(app, REDIRECT_URI, code, verifier);
    expect(token.status).toBe(200);
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    approvedToken = accessToken;
    const me = await fetch(new URL('/api/v1/accounts/verify_credentials', stack.url), {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(((await me.json()) as { username: string }).username).toBe(grace.username);
    await page.context().close();
  });

  it('sends the app access_denied with the state when the person denies', async () => {
    const app = await registerApp(REDIRECT_URI);
    const { page, callbacks } = await openAuthorize(
      authorizeQuery(app.clientId, REDIRECT_URI, 'd'.repeat(43), 'no'),
    );
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL((url) => url.origin === 'https://app.example');
    expect(callbacks.map((url) => [url.searchParams.get('error'), url.searchParams.get('state')])).toEqual([
      ['access_denied', 'no'],
    ]);
    expect(callbacks[0]?.searchParams.get('code')).toBeNull();
    await page.context().close();
  });

  it('shows the code to copy in the out-of-band flow, and that code signs the app in', async () => {
    const app = await registerApp(OUT_OF_BAND, `Desk ${tag}`);
    const verifier = randomBytes(32).toString('base64url');
    const { page } = await openAuthorize(authorizeQuery(app.clientId, OUT_OF_BAND, verifier, 'oob'));
    await signInOnPage(page, grace.password);
    await page.getByRole('heading', { name: 'Authorization code', level: 1 }).waitFor();
    const code = (await page.locator('#code').textContent()) ?? '';
    expect(code).toMatch(/^\S{20,}$/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '42-oauth-out-of-band-code');
    expect((await exchange(app, OUT_OF_BAND, code, verifier)).status).toBe(200);
    await page.context().close();
  });

  it('lists the signed-in apps under Settings, Apps, where revoking one ends its token', async () => {
    expect(approvedToken).not.toBe('');
    const verify = () =>
      fetch(new URL('/api/v1/accounts/verify_credentials', stack.url), {
        headers: { authorization: `Bearer ${approvedToken}` },
      });
    expect((await verify()).status).toBe(200);
    const context = await newPersonContext(browser);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(new URL('/login', stack.publicUrl).toString());
    await page.getByLabel('Username or email').fill(grace.username);
    await page.getByLabel('Password').fill(grace.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: `@${grace.username}`, exact: true }).waitFor();
    await page.goto(new URL('/settings/apps', stack.publicUrl).toString());
    const apps = page.getByRole('list', { name: 'Apps' });
    // Approved on the page: the redirect app and the out-of-band one, newest first; the denied one is not there.
    await apps.getByText(`Pocket <${tag}>`, { exact: true }).waitFor();
    expect(await apps.locator('strong').allTextContents()).toEqual([`Desk ${tag}`, `Pocket <${tag}>`]);
    expect(await apps.getByText(/^May read, write/).count()).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '43-settings-apps');
    await apps.getByRole('button', { name: `Revoke Pocket <${tag}>` }).click();
    await page.getByRole('status').getByText(`Pocket <${tag}> is signed out`).waitFor();
    expect(await apps.locator('strong').allTextContents()).toEqual([`Desk ${tag}`]);
    expect((await verify()).status).toBe(401);
    await page.reload();
    await apps.getByText(`Desk ${tag}`, { exact: true }).waitFor();
    expect(await apps.locator('strong').allTextContents()).toEqual([`Desk ${tag}`]);
    await context.close();
  });
});
