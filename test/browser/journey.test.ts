/**
 * The whole journey in a real browser (Debian's Chromium through playwright-core) against the local stack: the
 * web client as `npm start` builds and serves it, on the stack's public URL (the one the mails link to). axe-core
 * checks every screen; screenshots of the main ones go to test-results/screenshots/.
 */
/// <reference lib="dom" />
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack';
import { type ApiClient, apiClient } from '#test/factories/api-client';
import { latestMailTo, linkIn, registerConfirmed, resetLinkIn, verifyApiPath } from '#test/factories/mailbox';
import { startTestStack } from '#test/support/local-stack';
import { seriousViolations } from './support/axe';
import { launchChromium, newPersonContext } from './support/chromium';
import { screenshot } from './support/screenshots';

let stack: LocalStack;
let api: ApiClient;
let browser: Browser;
let adaContext: BrowserContext;
let page: Page;
const tag = Date.now().toString(36);
const ada = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  username: `ada_${tag}`,
  email: `ada.${tag}@example.org`,
  password: 'analytical engine',
};
const bob = {
  firstName: 'Bob',
  lastName: 'Babbage',
  username: `bob_${tag}`,
  email: `bob.${tag}@example.org`,
  password: 'difference engine',
};
const carol = {
  firstName: 'Carol',
  lastName: 'Herschel',
  username: `carol_${tag}`,
  email: `carol.${tag}@example.org`,
  password: 'comet seeker 1786',
};
const hashtag = `sky${tag}`;
const firstPost = `Hello from the browser, ${tag}! გამარჯობა 🐦 #${hashtag}`;
let bobPage: Page;
let carolToken: string;

beforeAll(async () => {
  process.env.RATE_LIMITS = JSON.stringify({
    'register:ip': { limit: 10_000, windowSeconds: 3600 },
    'login:ip': { limit: 10_000, windowSeconds: 900 },
    'forgot:ip': { limit: 10_000, windowSeconds: 3600 },
    // One export a day, so the second request meets the real limit (a 429 with Retry-After).
    'export:user': { limit: 1, windowSeconds: 86_400 },
  });
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  api = apiClient(stack.url);
  adaContext = await newPersonContext(browser);
  page = await newPage(adaContext);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const pageErrors: string[] = [];

/** A page whose script errors fail the test (collected, checked after each step). */
async function newPage(context: BrowserContext): Promise<Page> {
  const created = await context.newPage();
  created.on('pageerror', (error) => pageErrors.push(error.message));
  return created;
}

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

/** Opens a path of the site (on the public URL the mails use) and checks the screen with axe. */
async function open(target: Page, path: string): Promise<void> {
  await target.goto(new URL(path, stack.publicUrl).toString());
}

async function expectAccessible(target: Page, screen: string): Promise<void> {
  expect(await seriousViolations(target), `axe on ${screen}`).toEqual([]);
}

async function heading(target: Page, name: string | RegExp): Promise<void> {
  await target.getByRole('heading', { name, level: 1 }).waitFor();
}

async function logIn(target: Page, person: { username: string; password: string }): Promise<void> {
  await open(target, '/login');
  await target.getByLabel('Username or email').fill(person.username);
  await target.getByLabel('Password').fill(person.password);
  await target.getByRole('button', { name: 'Log in' }).click();
  await target.getByRole('link', { name: `@${person.username}`, exact: true }).waitFor();
}

/** Registers and confirms a person through the API (mail link), and signs them in: their access token. */
async function registeredThroughApi(person: typeof carol): Promise<string> {
  await registerConfirmed(api, person);
  const login = await api.post('/v1/auth/login', { login: person.username, password: person.password });
  return login.body.accessToken as string;
}

/** A post's card on the screen, by a piece of its text. */
const card = (target: Page, text: string) => target.locator('.post', { hasText: text }).first();

async function counterText(target: Page): Promise<{ text: string; over: boolean }> {
  const counter = target.locator('#compose-count');
  return {
    text: (await counter.innerText()).replace(/\s*characters left/, '').trim(),
    over: (await counter.getAttribute('class'))?.includes('counter-over') ?? false,
  };
}

describe('the web client', () => {
  it('serves the app at / and deep links, while API paths keep their JSON 404', async () => {
    // A visitor who never signed in has no session hint, so the page does not even try to refresh.
    const sessionCalls: string[] = [];
    const countSessionCalls = (request: { url(): string }) => {
      if (request.url().includes('/v1/auth/refresh')) sessionCalls.push(request.url());
    };
    page.on('request', countSessionCalls);
    await open(page, '/');
    await heading(page, 'What are you doing?');
    page.off('request', countSessionCalls);
    expect(sessionCalls).toEqual([]);
    await expectAccessible(page, 'landing');
    await screenshot(page, '01-landing');
    const deep = await fetch(new URL('/@nobody_here', stack.url));
    expect(deep.headers.get('content-type')).toContain('text/html');
    const api404 = await fetch(new URL('/v1/no-such-route', stack.url));
    expect(api404.status).toBe(404);
    expect(api404.headers.get('content-type')).toContain('application/json');
  });

  it('signs up with inline field errors from the API, then confirms through the mailed link', async () => {
    await page.getByRole('link', { name: 'Sign up' }).first().click();
    await heading(page, 'Join Skylark');
    await page.getByLabel('First name').fill(ada.firstName);
    await page.getByLabel('Last name').fill(ada.lastName);
    await page.getByLabel('Username').fill('x');
    await page.getByLabel('Email address').fill(ada.email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.locator('#field-username-error').waitFor();
    expect(await page.locator('#field-username-error').innerText()).toMatch(/3–30 characters/);
    expect(await page.locator('#field-password-error').innerText()).toMatch(/at least 8/);
    expect(await page.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'sign-up with errors');
    await screenshot(page, '02-sign-up-errors');

    await page.getByLabel('Username').fill(ada.username);
    await page.getByLabel('Password').fill(ada.password);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await heading(page, 'Check your mail');

    const link = linkIn(await latestMailTo(api, ada.email));
    expect(link.origin).toBe(stack.publicUrl);
    await page.goto(link.toString());
    await page.getByText('Your address is confirmed').waitFor();
    await expectAccessible(page, 'confirm');
    await screenshot(page, '03-confirmed');
  });

  it('logs in and counts as the server does: Georgian and emoji at 140 and 141', async () => {
    await page.getByRole('link', { name: 'Log in' }).first().click();
    await heading(page, 'Log in to Skylark');
    await expectAccessible(page, 'log in');
    await page.getByLabel('Username or email').fill(ada.username);
    await page.getByLabel('Password').fill(ada.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByLabel('What are you doing?').waitFor();

    const compose = page.getByLabel('What are you doing?');
    const post = page.getByRole('button', { name: 'Post', exact: true });
    for (const unit of ['ა', '😀']) {
      await compose.fill(unit.repeat(140));
      expect(await counterText(page)).toEqual({ text: '0', over: false });
      expect(await post.isEnabled()).toBe(true);
      await compose.fill(unit.repeat(141));
      expect(await counterText(page)).toEqual({ text: '-1', over: true });
      expect(await post.isDisabled()).toBe(true);
    }
    // A URL counts 23 whatever its length, as on the server.
    await compose.fill(`see https://example.org/${'a'.repeat(200)}`);
    expect((await counterText(page)).text).toBe(String(140 - 4 - 23));

    await compose.fill(firstPost);
    await post.click();
    await page.locator('.timeline').getByText(firstPost).waitFor();
    expect(await compose.inputValue()).toBe('');
  });

  it('shows the post on the home timeline and on the author’s page', async () => {
    // The home timeline is filled by the stream fan-out: settle it, then read it fresh.
    await stack.streams.drain();
    await page.reload();
    await page.locator('.timeline').getByText(firstPost).waitFor();
    await expectAccessible(page, 'home');
    await screenshot(page, '04-home');

    await page
      .getByRole('link', { name: `@${ada.username}` })
      .first()
      .click();
    await heading(page, new RegExp(`@${ada.username}`));
    await page.locator('.timeline').getByText(firstPost).waitFor();
    await expectAccessible(page, 'user page');
  });

  it('keeps the session over a reload through the HttpOnly cookie, with nothing in web storage', async () => {
    await page.reload();
    await page
      .getByRole('link', { name: `@${ada.username}` })
      .first()
      .waitFor();
    const cookies = await adaContext.cookies();
    const refresh = cookies.filter((cookie) => cookie.name === 'skylark_refresh');
    expect(refresh.map((cookie) => cookie.path).sort()).toEqual(['/v1/auth/logout', '/v1/auth/refresh']);
    for (const cookie of refresh) {
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    }
    const storage = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
    }));
    expect(storage).toEqual({ local: 0, session: 0 });
    expect(await page.evaluate(() => document.cookie)).not.toContain('skylark_refresh');
    expect(await page.evaluate(() => document.cookie)).toContain('skylark_signed_in=1');
  });

  it('lets a second person follow, see the post in their timeline, and reply', async () => {
    expect((await api.post('/v1/auth/register', bob)).status).toBe(202);
    expect((await api.get(verifyApiPath(await latestMailTo(api, bob.email)))).status).toBe(200);
    const bobContext = await newPersonContext(browser);
    bobPage = await newPage(bobContext);
    await logIn(bobPage, bob);
    await open(bobPage, `/@${ada.username}`);
    await bobPage.getByRole('button', { name: `Follow @${ada.username}` }).click();
    await bobPage.getByRole('button', { name: `Unfollow @${ada.username}` }).waitFor();
    expect(await bobPage.locator('.counts').innerText()).toContain('1 followers');

    await stack.streams.drain();
    await open(bobPage, '/');
    await bobPage.locator('.timeline').getByText(firstPost).waitFor();

    await bobPage.locator('.post', { hasText: firstPost }).getByRole('link', { name: 'Reply' }).click();
    const replyBox = bobPage.getByLabel(`Reply to @${ada.username}`);
    await replyBox.fill(`@${ada.username} welcome! ${tag}`);
    await bobPage.getByRole('button', { name: 'Reply', exact: true }).click();
    await bobPage.locator('.timeline').getByText(`welcome! ${tag}`).waitFor();
    await expectAccessible(bobPage, 'post and replies');
    await screenshot(bobPage, '05-post-replies');

    await stack.streams.drain();
    await bobPage.reload();
    await bobPage.locator('section[aria-label="Replies"]').getByText(`welcome! ${tag}`).waitFor();
  });

  it('lists the reply among Ada’s mentions', async () => {
    await stack.streams.drain();
    await page.getByRole('link', { name: 'Mentions' }).click();
    await heading(page, 'Mentions');
    await page.locator('.timeline').getByText(`welcome! ${tag}`).waitFor();
    await expectAccessible(page, 'mentions');
  });

  it('likes and reposts at once, puts the like back when the server refuses, and shows who liked', async () => {
    // Carol follows Bob before he reposts, so the repost reaches her timeline (next step).
    carolToken = await registeredThroughApi(carol);
    expect((await api.put(`/v1/users/${bob.username}/follow`, undefined, { token: carolToken })).status).toBe(
      204,
    );
    await open(bobPage, '/');
    const post = card(bobPage, firstPost);
    const like = post.getByRole('button', { name: 'Like' });
    const repost = post.getByRole('button', { name: 'Repost' });
    expect(await like.getAttribute('aria-pressed')).toBe('false');
    const liked = bobPage.waitForResponse((r) => r.url().endsWith('/like') && r.request().method() === 'PUT');
    await like.click();
    expect(await like.getAttribute('aria-pressed')).toBe('true');
    expect((await liked).status()).toBe(204);
    await post.getByRole('link', { name: '1 like', exact: true }).waitFor();
    const reposted = bobPage.waitForResponse((r) => r.url().endsWith('/repost'));
    await repost.click();
    expect((await reposted).status()).toBe(204);
    await post.getByRole('link', { name: '1 repost', exact: true }).waitFor();
    expect(await repost.getAttribute('aria-pressed')).toBe('true');

    // The server refuses the unlike (rate limit): the button and count go back, and the page says when to retry.
    await bobPage.route('**/v1/posts/*/like', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '30' },
        body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests' } }),
      }),
    );
    await like.click();
    await post.getByText('Too many attempts. Try again in 30 seconds.').waitFor();
    expect(await like.getAttribute('aria-pressed')).toBe('true');
    await post.getByRole('link', { name: '1 like', exact: true }).waitFor();
    await bobPage.unroute('**/v1/posts/*/like');
    await expectAccessible(bobPage, 'home with likes');
    await screenshot(bobPage, '10-liked-and-reposted');

    // After a reload the state comes from the server (viewer state on the timeline).
    await stack.streams.drain();
    await bobPage.reload();
    expect(
      await card(bobPage, firstPost).getByRole('button', { name: 'Like' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await card(bobPage, firstPost).getByRole('link', { name: '1 like', exact: true }).click();
    await heading(bobPage, 'Liked by');
    await bobPage
      .getByRole('region', { name: 'Liked by' })
      .getByRole('link', { name: new RegExp(`@${bob.username}`) })
      .waitFor();
    await expectAccessible(bobPage, 'liked by');

    await open(bobPage, `/@${bob.username}/likes`);
    await bobPage.locator('.timeline').getByText(firstPost).waitFor();
    expect(await bobPage.getByRole('link', { name: 'Likes', exact: true }).getAttribute('aria-current')).toBe(
      'page',
    );
    await expectAccessible(bobPage, 'likes tab');
  });

  it('shows a repost in a follower’s timeline, marked with who reposted it', async () => {
    const adaPost = (await api.get(`/v1/users/${ada.username}/posts`)).body.items[0];
    expect((await api.put(`/v1/posts/${adaPost.id}/like`, undefined, { token: carolToken })).status).toBe(
      204,
    );
    await stack.streams.drain();
    const carolPage = await newPage(await newPersonContext(browser));
    await logIn(carolPage, carol);
    const reposted = card(carolPage, firstPost);
    await reposted.waitFor();
    expect(await reposted.locator('.repost-note').innerText()).toBe('⇄ Reposted by Bob Babbage');
    await expectAccessible(carolPage, 'timeline with a repost');
    await screenshot(carolPage, '11-repost-in-timeline');
    await carolPage.context().close();
  });

  it('shows notifications grouped as the API groups them, filters them, and marks them read', async () => {
    await stack.streams.drain();
    await open(page, '/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    const notificationsLink = nav.getByRole('link', { name: /^Notifications \d+ unread$/ });
    await notificationsLink.click();
    await heading(page, 'Notifications');
    const list = page.getByRole('list', { name: 'All notifications' });
    await list.getByText('Carol Herschel and Bob Babbage liked your post').waitFor();
    await list.getByText('Bob Babbage reposted your post').waitFor();
    await list.getByText('Bob Babbage followed you').waitFor();
    await list.getByText('Bob Babbage replied to your post').waitFor();
    expect(await list.locator('.notification-unread').count()).toBeGreaterThanOrEqual(4);
    await expectAccessible(page, 'notifications');
    await screenshot(page, '12-notifications');

    await page
      .getByRole('navigation', { name: 'Show notifications of type' })
      .getByRole('link', { name: 'Likes' })
      .click();
    const likes = page.getByRole('list', { name: 'Likes notifications' });
    await likes.getByText('liked your post').waitFor();
    // The filtered page replaces the list's items once it has loaded; until then the label is new and the items old.
    await expect.poll(() => likes.locator('.notification').count()).toBe(1);
    expect(new URL(page.url()).search).toBe('?type=like');

    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await nav.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    expect(await likes.locator('.notification-unread').count()).toBe(0);
    await page.reload();
    await page.getByRole('list', { name: 'Likes notifications' }).getByText('liked your post').waitFor();
    expect(await page.locator('.notification-unread').count()).toBe(0);
  });

  it('sends direct messages only to followers, and explains a refusal', async () => {
    // Bob follows Ada, Ada does not follow Bob: Ada may message Bob, Bob may not message Ada.
    await open(bobPage, `/messages/${ada.username}`);
    await bobPage.getByText(`@${ada.username} does not follow you yet`).waitFor();
    await bobPage.getByLabel(`Message @${ada.username}`).fill('hello?');
    await bobPage.getByRole('button', { name: 'Send' }).click();
    await bobPage.getByText(`@${ada.username} does not follow you, so you cannot message them.`).waitFor();
    await expectAccessible(bobPage, 'message refused');
    await screenshot(bobPage, '13-message-refused');

    await open(page, `/@${bob.username}`);
    await page.getByRole('link', { name: `Message @${bob.username}` }).click();
    await heading(page, /Messages with Bob Babbage/);
    await page.getByLabel(`Message @${bob.username}`).fill(`lunch? ${tag} <b>not bold</b>`);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('list', { name: 'Messages' }).getByText(`lunch? ${tag} <b>not bold</b>`).waitFor();
    expect(await page.locator('.messages b').count()).toBe(0);
    await expectAccessible(page, 'conversation');

    await stack.streams.drain();
    await open(bobPage, '/messages');
    const conversation = bobPage.getByRole('link', { name: new RegExp(`@${ada.username} 1 unread`) });
    await conversation.waitFor();
    await expectAccessible(bobPage, 'conversations');
    await screenshot(bobPage, '14-conversations');
    await conversation.click();
    await bobPage.getByRole('list', { name: 'Messages' }).getByText(`lunch? ${tag}`).waitFor();
    await screenshot(bobPage, '15-conversation');
    await open(bobPage, '/messages');
    await bobPage.getByRole('link', { name: new RegExp(`@${ada.username}$`) }).waitFor();
  });

  it('opens a hashtag page from a link in a post', async () => {
    await open(page, `/@${ada.username}`);
    await card(page, firstPost)
      .getByRole('link', { name: `#${hashtag}` })
      .click();
    await heading(page, `#${hashtag}`);
    await page.locator('.timeline').getByText(firstPost).waitFor();
    await expectAccessible(page, 'hashtag');
    await screenshot(page, '16-hashtag');
  });

  it('draws a user page in its owner’s design, chosen from a preset', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await heading(page, 'Settings');
    await page.getByLabel('Bio').fill('Poetical science');
    await page.getByLabel('Location').fill('London');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    await expectAccessible(page, 'settings: profile');

    await page.getByRole('link', { name: 'Design' }).click();
    await page.getByRole('button', { name: 'midnight' }).click();
    expect(await page.getByTestId('contrast-live').innerText()).not.toContain('✗');
    await page.getByRole('button', { name: 'Save design' }).click();
    await page.getByText('Design saved.').waitFor();
    await expectAccessible(page, 'settings: design');
    await screenshot(page, '06-settings-design');

    await open(page, `/@${ada.username}`);
    await page.getByText('Poetical science').waitFor();
    const styles = await page.getByTestId('user-page').evaluate((element) => {
      const own = getComputedStyle(element);
      const sidebar = element.querySelector('.user-sidebar');
      return {
        background: own.backgroundColor,
        text: own.color,
        sidebar: sidebar ? getComputedStyle(sidebar).backgroundColor : '',
      };
    });
    expect(styles).toEqual({
      background: 'rgb(20, 29, 38)',
      text: 'rgb(225, 232, 237)',
      sidebar: 'rgb(28, 41, 56)',
    });
    await expectAccessible(page, 'user page in a design');
    await screenshot(page, '07-user-page-design');
  });

  it('refuses a low-contrast design and shows the ratios', async () => {
    await open(page, '/settings/design');
    await page.getByLabel('Text', { exact: true }).fill('#1c2938');
    const live = await page.getByTestId('contrast-live').innerText();
    expect(live).toMatch(/Text on background: 1\.\d+:1 ✗ needs 4\.5:1/);
    await page.getByRole('button', { name: 'Save design' }).click();
    const refused = page.getByTestId('contrast-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/Text on sidebar: 1:1 ✗ needs 4\.5:1/);
    await screenshot(page, '08-design-refused');
    const saved = await api.get(`/v1/users/${ada.username}`);
    expect(saved.body.design.textColor).toBe('#e1e8ed');
  });

  it('finds people by name', async () => {
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Name, username, word or #hashtag').fill('babb');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: new RegExp(`@${bob.username}`) }).waitFor();
    expect(new URL(page.url()).search).toBe('?q=babb');
    await expectAccessible(page, 'search');
    await screenshot(page, '09-search');
    await page.goBack();
    await page.getByLabel('Name, username, word or #hashtag').waitFor();
    expect(new URL(page.url()).search).toBe('');
  });

  it('finds posts by a word beside people', async () => {
    await page.getByLabel('Name, username, word or #hashtag').fill(tag);
    await page.getByRole('button', { name: 'Search' }).click();
    const posts = page.getByRole('region', { name: 'Posts' });
    await posts.getByText(firstPost).waitFor();
    await page.getByRole('region', { name: 'People' }).waitFor();
    await expectAccessible(page, 'post search');
    await screenshot(page, '17-post-search');
  });

  it('shows the phone settings', async () => {
    await open(page, '/settings/phone');
    await page.getByLabel('Phone number').fill('+1 415 555 2671');
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.getByText(/We sent a 6-digit code to your phone ending in 2671/).waitFor();
    const code = /\b(\d{6})\b/.exec(stack.sms.list({ to: '+14155552671' })[0]?.message ?? '')?.[1] ?? 'none';
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText(/Your phone ending in 2671 is linked/).waitFor();
    await page.getByLabel('Quiet hours').check();
    await page.getByRole('button', { name: 'Save SMS settings' }).click();
    await page.getByText('SMS settings saved.').waitFor();
    await expectAccessible(page, 'settings: phone');
  });

  it('signs out: the session ends, and a reload stays signed out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'What are you doing?');
    expect(
      (await adaContext.cookies()).filter((cookie) =>
        ['skylark_refresh', 'skylark_signed_in'].includes(cookie.name),
      ),
    ).toEqual([]);
    await page.reload();
    await page.getByRole('link', { name: 'Log in' }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await open(page, '/mentions');
    await heading(page, 'Log in to continue');
  });

  it('resets the password through the mailed link', async () => {
    await open(page, '/forgot-password');
    await page.getByLabel('Email address').fill(ada.email);
    await page.getByRole('button', { name: 'Mail me a link' }).click();
    await page.getByText(/we mailed it a link/).waitFor();
    await expectAccessible(page, 'forgot password');
    const link = resetLinkIn(await latestMailTo(api, ada.email));
    expect(link.origin).toBe(stack.publicUrl);
    await page.goto(link.toString());
    await heading(page, 'Choose a new password');
    await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Set my new password' }).click();
    await page.getByText('Your password is changed').waitFor();
    await expectAccessible(page, 'reset password');
    await logIn(page, { username: ada.username, password: 'a brand new passphrase' });
  });
});

/** `npm run admin -- <args>` against this stack, as an operator of a site would run it. */
async function admin(...args: string[]): Promise<unknown> {
  const { stdout } = await promisify(execFile)(
    'node_modules/.bin/tsx',
    ['tools/admin.ts', ...args, '--local', '--url', stack.url],
    { timeout: 60_000 },
  );
  return JSON.parse(stdout);
}

describe('the safety and privacy screens', () => {
  const erin = {
    firstName: 'Erin',
    lastName: 'Noether',
    username: `erin_${tag}`,
    email: `erin.${tag}@example.org`,
    password: 'invariant theory',
  };
  const frank = {
    firstName: 'Frank',
    lastName: 'Drake',
    username: `frank_${tag}`,
    email: `frank.${tag}@example.org`,
    password: 'equation of life',
  };
  const dave = {
    firstName: 'Dave',
    lastName: 'Operator',
    username: `dave_${tag}`,
    email: `dave.${tag}@example.org`,
    password: 'keeps the lights on',
  };
  const protectedPost = `For approved eyes only ${tag}`;
  let erinPage: Page;
  let frankPage: Page;
  let erinToken: string;

  beforeAll(async () => {
    [erinToken] = await Promise.all([
      registeredThroughApi(erin),
      registeredThroughApi(frank),
      registeredThroughApi(dave),
    ]);
    erinPage = await newPage(await newPersonContext(browser));
    frankPage = await newPage(await newPersonContext(browser));
    await Promise.all([logIn(erinPage, erin), logIn(frankPage, frank)]);
  }, 60_000);

  it('mutes and blocks from a user page (block asks first), and the blocked person finds the page not available', async () => {
    await open(erinPage, `/@${frank.username}`);
    await erinPage.getByRole('button', { name: `More for @${frank.username}` }).click();
    await erinPage.getByRole('button', { name: `Mute @${frank.username}` }).click();
    await erinPage.getByRole('button', { name: `Unmute @${frank.username}` }).waitFor();
    await erinPage.getByText('their posts stay out of your home timeline').waitFor();

    await erinPage.getByRole('button', { name: `Block @${frank.username}`, exact: true }).click();
    const confirm = erinPage.getByRole('region', { name: `Block @${frank.username}?` });
    await confirm.getByText('Blocking ends any follows between you').waitFor();
    // Focus moves to the question, so keyboard and screen reader users meet it first.
    expect(await erinPage.evaluate(() => document.activeElement?.textContent)).toBe(
      `Block @${frank.username}?`,
    );
    await expectAccessible(erinPage, 'block confirmation');
    await screenshot(erinPage, '20-block-confirm');
    // Escape backs out of the question and the menu, with focus back on the menu's button.
    await erinPage.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await erinPage.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe(
      'false',
    );
    await erinPage.keyboard.press('Enter');
    await erinPage.getByRole('button', { name: `Block @${frank.username}`, exact: true }).click();
    await confirm.getByRole('button', { name: `Block @${frank.username}` }).click();
    await erinPage.getByText(`You block @${frank.username}`).waitFor();
    expect(await erinPage.getByRole('button', { name: `Follow @${frank.username}` }).count()).toBe(0);
    await erinPage.getByRole('button', { name: `Unblock @${frank.username}` }).waitFor();

    await open(frankPage, `/@${erin.username}`);
    await heading(frankPage, 'This account is not available');
    await expectAccessible(frankPage, 'not available');
    await screenshot(frankPage, '21-not-available');
  });

  it('lists blocked and muted accounts in Privacy settings, and undoes them there', async () => {
    await erinPage.getByRole('link', { name: 'Settings' }).click();
    await erinPage.getByRole('link', { name: 'Privacy' }).click();
    expect(new URL(erinPage.url()).pathname).toBe('/settings/privacy');
    const blocked = erinPage.getByRole('list', { name: 'Blocked accounts' });
    const muted = erinPage.getByRole('list', { name: 'Muted accounts' });
    await blocked.getByRole('link', { name: new RegExp(`@${frank.username}`) }).waitFor();
    await muted.getByRole('link', { name: new RegExp(`@${frank.username}`) }).waitFor();
    await expectAccessible(erinPage, 'settings: privacy');
    await screenshot(erinPage, '22-settings-privacy');
    await blocked.getByRole('button', { name: `Unblock @${frank.username}` }).click();
    await erinPage.getByText(`Unblocked @${frank.username}.`).waitFor();
    await muted.getByRole('button', { name: `Unmute @${frank.username}` }).click();
    await erinPage.getByText(`Unmuted @${frank.username}.`).waitFor();
    await erinPage.reload();
    await erinPage.getByText('You block nobody.').waitFor();
    await erinPage.getByText('You mute nobody.').waitFor();
    await erinPage.goBack();
    await heading(erinPage, 'Settings');
    expect(new URL(erinPage.url()).pathname).toBe('/settings');
    await erinPage.goForward();
    await erinPage.getByText('You block nobody.').waitFor();
  });

  it('protects an account: a follow is a request, accepted from Follow requests, then the posts show', async () => {
    await erinPage.getByLabel('Protect my posts').check();
    await erinPage.getByRole('button', { name: 'Save privacy' }).click();
    await erinPage.getByText('Your account is protected').waitFor();
    expect((await api.post('/v1/posts', { text: protectedPost }, { token: erinToken })).status).toBe(201);

    await open(frankPage, `/@${erin.username}`);
    await frankPage.getByText(`@${erin.username} protects their posts`).waitFor();
    expect(await frankPage.getByText(protectedPost).count()).toBe(0);
    await frankPage.getByRole('button', { name: `Follow @${erin.username}` }).click();
    await frankPage.getByText('Requested', { exact: true }).waitFor();
    await expectAccessible(frankPage, 'follow requested');
    await screenshot(frankPage, '23-follow-requested');
    // The request can be withdrawn, and asked again.
    await frankPage.getByRole('button', { name: 'Cancel request' }).click();
    await frankPage.getByRole('button', { name: `Follow @${erin.username}` }).click();
    await frankPage.getByRole('button', { name: 'Cancel request' }).waitFor();
    await frankPage.reload();
    await frankPage.getByRole('button', { name: 'Cancel request' }).waitFor();

    await erinPage.reload();
    const nav = erinPage.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Follow requests 1 pending' }).click();
    await heading(erinPage, 'Follow requests');
    const requests = erinPage.getByRole('list', { name: 'Follow requests' });
    await requests.getByRole('link', { name: new RegExp(`@${frank.username}`) }).waitFor();
    await expectAccessible(erinPage, 'follow requests');
    await screenshot(erinPage, '24-follow-requests');
    await requests.getByRole('button', { name: `Accept @${frank.username}` }).click();
    await erinPage.getByText(`@${frank.username} now follows you.`).waitFor();
    await erinPage.getByText('No pending requests.').waitFor();
    await nav.getByRole('link', { name: /^Follow requests/ }).waitFor({ state: 'detached' });

    await frankPage.reload();
    await frankPage.getByRole('button', { name: `Unfollow @${erin.username}` }).waitFor();
    await frankPage.locator('.timeline').getByText(protectedPost).waitFor();
  });

  it('reports a post; an operator, granted with npm run admin, resolves it on the operator screens', async () => {
    await card(frankPage, protectedPost)
      .getByRole('link', { name: /^Report/ })
      .click();
    await heading(frankPage, `Report a post by @${erin.username}`);
    await frankPage.getByRole('button', { name: 'Send report' }).click();
    await frankPage.getByText('Choose why you are reporting').waitFor();
    await expectAccessible(frankPage, 'report form with an error');
    await frankPage.getByLabel('Spam').check();
    await frankPage.getByLabel(/Anything the operators should know/).fill(`<i>sells</i> things ${tag}`);
    await screenshot(frankPage, '25-report-form');
    await frankPage.getByRole('button', { name: 'Send report' }).click();
    await heading(frankPage, 'Thank you: your report is sent');
    await expectAccessible(frankPage, 'report sent');
    await frankPage.goBack();
    await heading(frankPage, new RegExp(`@${erin.username}`));

    const davePage = await newPage(await newPersonContext(browser));
    await logIn(davePage, dave);
    const nav = davePage.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Moderation' }).count()).toBe(0);
    await open(davePage, '/moderation');
    await heading(davePage, 'Only operators can see this page');
    await expectAccessible(davePage, 'operators only (403)');
    expect((await api.get('/v1/admin/reports', {})).status).toBe(401);

    expect(await admin('grant', dave.username)).toMatchObject({ operator: true, changed: true });
    await davePage.reload();
    await nav.getByRole('link', { name: 'Moderation' }).click();
    await heading(davePage, 'Moderation');
    const queue = davePage.getByRole('list', { name: 'Reports to review' });
    const report = queue.getByRole('listitem').filter({ hasText: protectedPost });
    await report.getByText(`“<i>sells</i> things ${tag}”`).waitFor();
    expect(await queue.locator('i').count()).toBe(0);
    await expectAccessible(davePage, 'moderation: reports');
    await screenshot(davePage, '26-moderation-reports');
    await report.getByLabel('Note for the audit log (optional)').fill('spam, removed');
    await report.getByRole('button', { name: 'Delete the post' }).click();
    await report.getByText(`Post deleted by @${dave.username}`).waitFor();
    expect((await api.get(`/v1/users/${erin.username}/posts`, { token: erinToken })).body.items).toEqual([]);

    await davePage.getByRole('link', { name: 'Suspend or restore' }).click();
    await davePage.getByLabel('Username').fill(frank.username);
    await davePage.getByRole('button', { name: 'Suspend', exact: true }).click();
    await davePage.getByText(`@${frank.username} is now suspended.`).waitFor();
    expect(
      (await api.post('/v1/auth/login', { login: frank.username, password: frank.password })).body.error.code,
    ).toBe('account_suspended');
    await davePage.getByRole('button', { name: 'Restore (unsuspend)' }).click();
    await davePage.getByText(`@${frank.username} is now active.`).waitFor();
    await expectAccessible(davePage, 'moderation: suspend');

    await davePage.getByRole('link', { name: 'Audit log' }).click();
    const log = davePage.getByRole('list', { name: 'Audit log' });
    await log.getByText(`restored @${frank.username}`).waitFor();
    await log.getByText(`suspended @${frank.username}`).waitFor();
    await log.getByText(/deleted a post .*spam, removed/).waitFor();
    await log.getByText(`made an operator @${dave.username}`).waitFor();
    await expectAccessible(davePage, 'moderation: audit log');
    await screenshot(davePage, '27-moderation-audit-log');
    await davePage.goBack();
    await davePage.getByLabel('Username').waitFor();
    await davePage.context().close();
  });

  it('requests an export and shows its download link when ready; the daily limit says when to retry', async () => {
    await open(erinPage, '/settings/data');
    await erinPage.getByRole('button', { name: 'Request an export' }).click();
    await erinPage.getByTestId('export-pending').waitFor();
    await stack.streams.drain();
    const download = erinPage.getByRole('link', { name: 'Download your archive' });
    await download.waitFor();
    await erinPage.getByText(/The link works until/).waitFor();
    const archive = await fetch(new URL((await download.getAttribute('href')) ?? '', stack.publicUrl));
    expect(archive.status).toBe(200);
    expect(await archive.json()).toMatchObject({ schemaVersion: 1, account: { username: erin.username } });
    await expectAccessible(erinPage, 'settings: your data');
    await screenshot(erinPage, '28-settings-data-export');

    await erinPage.getByRole('button', { name: 'Prepare a new export' }).click();
    await erinPage.getByText(/Too many attempts\. Try again in \d+ hours\./).waitFor();
  });

  it('deletes the account with its password; log-in then offers reactivation, which restores it', async () => {
    await erinPage.getByLabel('Your password, to confirm').fill('not my password');
    await erinPage.getByRole('button', { name: 'Delete my account' }).click();
    await erinPage.locator('#field-delete-password-error').getByText('The password is wrong').waitFor();
    expect(await erinPage.getByLabel('Your password, to confirm').getAttribute('aria-invalid')).toBe('true');
    await erinPage.getByText(/After 30 days everything is erased/).waitFor();
    await expectAccessible(erinPage, 'delete account, wrong password');
    await screenshot(erinPage, '29-delete-account-wrong-password');

    await erinPage.getByLabel('Your password, to confirm').fill(erin.password);
    await erinPage.getByRole('button', { name: 'Delete my account' }).click();
    await heading(erinPage, 'Log in to Skylark');
    await erinPage.getByText(/Your account is deactivated and will be erased after/).waitFor();
    expect(await erinPage.getByRole('button', { name: 'Sign out' }).count()).toBe(0);

    await erinPage.getByLabel('Username or email').fill(erin.username);
    await erinPage.getByLabel('Password').fill(erin.password);
    await erinPage.getByRole('button', { name: 'Log in' }).click();
    const offer = erinPage.getByTestId('reactivate');
    await offer.waitFor();
    await offer.getByText(/You deleted this account: it will be erased after \w+ \d+, \d{4}/).waitFor();
    await expectAccessible(erinPage, 'log in refused: reactivation offered');
    await screenshot(erinPage, '30-login-reactivate');
    await offer.getByRole('button', { name: 'Reactivate my account' }).click();
    await erinPage.getByRole('link', { name: `@${erin.username}`, exact: true }).waitFor();
  });
});
