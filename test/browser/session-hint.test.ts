/**
 * The web client's session hint (`skylark_signed_in`, beside the HttpOnly refresh cookie) in Chromium: a reload
 * restores the session only when the hint is there, a refresh the server refuses (401) ends the hint, and a
 * refresh that fails any other way (a 503 here) keeps it, so the next load tries the cookie again.
 */
/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack';
import { apiClient } from '#test/factories/api-client';
import { registerConfirmed } from '#test/factories/mailbox';
import { startTestStack } from '#test/support/local-stack';
import { launchChromium, newPersonContext } from './support/chromium';

const tag = Date.now().toString(36);
const lin = {
  firstName: 'Lin',
  lastName: 'Hint',
  username: `lin_${tag}`,
  email: `lin.${tag}@example.org`,
  password: 'cookies and hints',
};

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  const api = apiClient(stack.url);
  await registerConfirmed(api, lin);
  context = await newPersonContext(browser);
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const hint = async () => (await context.cookies()).find((cookie) => cookie.name === 'skylark_signed_in');
const signedIn = () => page.getByRole('link', { name: `@${lin.username}`, exact: true }).waitFor();
const signedOut = () => page.getByRole('link', { name: 'Log in' }).first().waitFor();

/** Reloads with every refresh call answered `status` by the network (not the server). */
async function reloadWithRefreshAnswering(status: number): Promise<void> {
  await page.route('**/v1/auth/refresh', (route) =>
    route.fulfill({
      status,
      contentType: 'application/json',
      body: JSON.stringify({
        error: { code: status === 401 ? 'invalid_refresh_token' : 'unavailable', message: 'x' },
      }),
    }),
  );
  await page.reload();
  await signedOut();
  await page.unroute('**/v1/auth/refresh');
}

describe('the session hint', () => {
  it('is set at login, readable by the page, and holds no token', async () => {
    await page.goto(new URL('/login', stack.publicUrl).toString());
    await page.getByLabel('Username or email').fill(lin.username);
    await page.getByLabel('Password').fill(lin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await signedIn();
    expect(await hint()).toMatchObject({ value: '1', httpOnly: false, path: '/', sameSite: 'Strict' });
    await page.reload();
    await signedIn();
  });

  it('survives a refresh that fails for another reason than the session, so the next load signs in again', async () => {
    await reloadWithRefreshAnswering(503);
    expect(await hint()).toBeDefined();
    await page.reload();
    await signedIn();
  });

  it('ends when the server refuses the session, and then a load does not even try', async () => {
    await reloadWithRefreshAnswering(401);
    expect(await hint()).toBeUndefined();
    const refreshes: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/v1/auth/refresh')) refreshes.push(request.url());
    });
    await page.reload();
    await signedOut();
    expect(refreshes).toEqual([]);
  });
});
