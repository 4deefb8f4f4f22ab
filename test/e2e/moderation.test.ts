/**
 * Posting limits, reports and moderation over HTTP against one local stack: the real handlers, the operator
 * role granted by `npm run admin` (the CLI against the running stack), the SMS capture and inbound SMS.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack';
import { type ApiClient, apiClient } from '#test/factories/api-client';
import { latestMailTo, verifyApiPath } from '#test/factories/mailbox';
import { linkVerifiedPhone } from '#test/factories/sms-phones';
import { insertVerifiedUser, type TestUser } from '#test/factories/users';
import { startTestStack } from '#test/support/local-stack';

/** Small, so reaching the day's limit takes a few requests (the windows are tested on the table in test/integration/posting-limits.test.ts). */
const DAILY_POSTS = 5;

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  process.env.RATE_LIMITS = JSON.stringify({
    'post:daily': { limit: DAILY_POSTS, windowSeconds: 86_400 },
    'register:ip': { limit: 10_000, windowSeconds: 3600 },
    'login:ip': { limit: 10_000, windowSeconds: 900 },
  });
  stack = await startTestStack({ web: false });
  api = apiClient(stack.url);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  delete process.env.RATE_LIMITS;
});

/** `npm run admin -- <args>` against this stack. */
async function admin(...args: string[]): Promise<unknown> {
  const { stdout } = await promisify(execFile)(
    'node_modules/.bin/tsx',
    ['tools/admin.ts', ...args, '--local', '--url', stack.url],
    { timeout: 60_000 },
  );
  return JSON.parse(stdout);
}

async function smsTo(phoneNumber: string): Promise<string[]> {
  const { body } = await api.get<{ items: { message: string }[] }>(
    `/_local/sms?to=${encodeURIComponent(phoneNumber)}`,
  );
  return body.items.map((item) => item.message);
}

async function textFrom(from: string, body: string) {
  expect((await api.post('/_local/sms/inbound', { from, body })).status).toBe(202);
}

function post(user: TestUser | string, text: string, replyTo?: string) {
  const token = typeof user === 'string' ? user : user.accessToken;
  return api.post('/v1/posts', { text, ...(replyTo ? { replyTo } : {}) }, { token });
}

function secondsUntilUtcMidnight(): number {
  const now = Date.now();
  return Math.ceil(
    (Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1) -
      now) /
      1000,
  );
}

describe('posting limits', () => {
  it('publishes the limits in force in GET /v1/config', async () => {
    const { body } = await api.get('/v1/config');
    expect(body.posts.limits).toMatchObject({
      daily: { limit: DAILY_POSTS, windowSeconds: 86_400 },
      burst: { limit: 300, windowSeconds: 10_800 },
    });
  });

  it('counts posts, replies, messages and SMS alike, refunds nothing on delete, and refuses the next one with 429 and Retry-After', async () => {
    const [ada, bob] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    const phone = await linkVerifiedPhone(ada.user.id);
    expect(
      (await api.put(`/v1/users/${ada.user.username}/follow`, undefined, { token: bob.accessToken })).status,
    ).toBe(204);

    const first = await post(ada, 'one');
    expect(first.status).toBe(201);
    const reply = await post(ada, 'two, a reply', first.body.id);
    expect(reply.status).toBe(201);
    expect((await api.delete(`/v1/posts/${reply.body.id}`, { token: ada.accessToken })).status).toBe(204);
    expect(
      (await api.post(`/v1/messages/${bob.user.username}`, { text: 'three' }, { token: ada.accessToken }))
        .status,
    ).toBe(201);
    await textFrom(phone, 'four, by SMS');
    expect((await smsTo(phone))[0]).toBe('Posted.');
    expect((await post(ada, 'five')).status).toBe(201);

    const refused = await post(ada, 'six');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Math.abs(retryAfter - secondsUntilUtcMidnight())).toBeLessThanOrEqual(5);

    await textFrom(phone, 'six, by SMS');
    expect((await smsTo(phone))[0]).toMatch(/^Not posted: you reached your posting limit\. Try again in /);
    const page = await api.get(`/v1/users/${ada.user.username}/posts`);
    expect(page.body.items.map((item: { text: string }) => item.text)).toEqual([
      'five',
      'four, by SMS',
      'one',
    ]);

    // Another account has its own budget.
    expect((await post(bob, 'bob is fine')).status).toBe(201);
  });
});

describe('reports and moderation', () => {
  let operator: TestUser;
  let ada: TestUser;
  const mallory = {
    firstName: 'Mallory',
    lastName: 'Mischief',
    username: `mallory_${Date.now().toString(36)}`,
    email: `mallory.${Date.now().toString(36)}@example.org`,
    password: 'mischief managed',
  };
  let malloryToken = '';
  let malloryRefresh = '';
  let malloryPostId = '';
  let reportId = '';

  beforeAll(async () => {
    [operator, ada] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    expect((await api.post('/v1/auth/register', mallory)).status).toBe(202);
    expect((await api.get(verifyApiPath(await latestMailTo(api, mallory.email)))).status).toBe(200);
    const login = await api.post('/v1/auth/login', { login: mallory.username, password: mallory.password });
    expect(login.status).toBe(200);
    malloryToken = login.body.accessToken;
    malloryRefresh = login.body.refreshToken;
    const created = await post(malloryToken, 'something nasty');
    expect(created.status).toBe(201);
    malloryPostId = created.body.id;
    await seedMalloryEverywhere();
  }, 60_000);

  /** Where Mallory shows up in Ada's world: what a suspension must hide, and unsuspending bring back. */
  const seen = {
    tag: `mt${Date.now().toString(36)}`,
    word: `zq${Date.now().toString(36)}`,
    adaPost: '',
    taggedPost: '',
    reply: '',
  };

  async function seedMalloryEverywhere() {
    const as = (token: string) => ({ token });
    expect(
      (await api.put(`/v1/users/${mallory.username}/follow`, undefined, as(ada.accessToken))).status,
    ).toBe(204);
    expect((await api.put(`/v1/users/${ada.user.username}/follow`, undefined, as(malloryToken))).status).toBe(
      204,
    );
    seen.adaPost = (await post(ada, 'a post of mine')).body.id;
    const tagged = await post(malloryToken, `#${seen.tag} ${seen.word} hey @${ada.user.username}`);
    expect(tagged.status).toBe(201);
    seen.taggedPost = tagged.body.id;
    seen.reply = (await post(malloryToken, 'a reply', seen.adaPost)).body.id;
    expect((await api.put(`/v1/posts/${seen.adaPost}/like`, undefined, as(malloryToken))).status).toBe(204);
    expect((await api.put(`/v1/posts/${seen.taggedPost}/like`, undefined, as(ada.accessToken))).status).toBe(
      204,
    );
    await stack.streams.drain();
    await stack.streams.drain();
    // While Mallory is active, she shows in every one of these lists.
    expect(await whereMalloryShows()).toEqual(everywhere());
  }

  /** Every list of Ada's world that showed Mallory: their ids (or types), as Ada and as nobody sees them. */
  async function whereMalloryShows() {
    const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);
    const as = { token: ada.accessToken };
    const [timeline, mentions, hashtag, hashtagAnonymous, search, replies, likers, likes, notifications] =
      await Promise.all([
        api.get('/v1/timeline', as),
        api.get('/v1/mentions', as),
        api.get(`/v1/hashtags/${seen.tag}/posts`, as),
        api.get(`/v1/hashtags/${seen.tag}/posts`),
        api.get(`/v1/search/posts?q=${seen.word}`),
        api.get(`/v1/posts/${seen.adaPost}/replies`, as),
        api.get(`/v1/posts/${seen.adaPost}/likes`),
        api.get(`/v1/users/${ada.user.username}/likes`, as),
        api.get('/v1/notifications', as),
      ]);
    return {
      timeline: ids(timeline.body).filter((id) => id !== seen.adaPost),
      mentions: ids(mentions.body),
      hashtag: ids(hashtag.body),
      hashtagAnonymous: ids(hashtagAnonymous.body),
      search: ids(search.body),
      replies: ids(replies.body),
      likers: likers.body.items.map((user: { username: string }) => user.username),
      likes: ids(likes.body),
      notifications: notifications.body.items
        .filter((item: { actors: { username: string }[] }) =>
          item.actors.some((actor) => actor.username === mallory.username),
        )
        .map((item: { type: string }) => item.type)
        .sort(),
    };
  }

  const everywhere = () => ({
    timeline: [seen.reply, seen.taggedPost, malloryPostId].filter(Boolean),
    mentions: [seen.taggedPost],
    hashtag: [seen.taggedPost],
    hashtagAnonymous: [seen.taggedPost],
    search: [seen.taggedPost],
    replies: [seen.reply],
    likers: [mallory.username],
    likes: [seen.taggedPost],
    notifications: ['follow', 'like', 'mention', 'reply'],
  });

  it('refuses /v1/admin/* to anyone who is not an operator (403) and to nobody signed in (401)', async () => {
    const calls = [
      () => api.get('/v1/admin/reports', { token: ada.accessToken }),
      () =>
        api.post(
          '/v1/admin/reports/01JZZZZZZZZZZZZZZZZZZZZZZZ/resolve',
          { action: 'dismiss' },
          { token: ada.accessToken },
        ),
      () => api.post(`/v1/admin/users/${mallory.username}/suspend`, undefined, { token: ada.accessToken }),
      () => api.post(`/v1/admin/users/${mallory.username}/unsuspend`, undefined, { token: ada.accessToken }),
      () => api.delete(`/v1/admin/posts/${malloryPostId}`, { token: ada.accessToken }),
      () => api.get('/v1/admin/audit-log', { token: ada.accessToken }),
    ];
    for (const call of calls) {
      const response = await call();
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('operator_only');
    }
    expect((await api.get('/v1/admin/reports')).status).toBe(401);
    expect((await api.get(`/v1/posts/${malloryPostId}`)).status).toBe(200);
  });

  it('refuses a report with no target, an unknown target, oneself and a mismatch, writing nothing', async () => {
    const report = (body: unknown) => api.post('/v1/reports', body, { token: ada.accessToken });
    const noTarget = await report({ reason: 'spam' });
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error.code).toBe('report_target_required');
    expect((await report({ username: 'nobody_here_at_all', reason: 'spam' })).body.error.code).toBe(
      'user_not_found',
    );
    expect((await report({ postId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', reason: 'spam' })).body.error.code).toBe(
      'post_not_found',
    );
    expect((await report({ username: ada.user.username, reason: 'spam' })).body.error.code).toBe(
      'cannot_report_self',
    );
    expect(
      (await report({ username: operator.user.username, postId: malloryPostId, reason: 'spam' })).body.error
        .code,
    ).toBe('report_target_mismatch');
    expect((await report({ username: mallory.username, reason: 'rude' })).status).toBe(400);
  });

  it('grants the operator role with npm run admin; the empty queue lists nothing', async () => {
    const role = async () => (await api.get('/v1/me', { token: operator.accessToken })).body.operator;
    expect(await role()).toBe(false);
    expect(await admin('grant', operator.user.username)).toEqual({
      username: operator.user.username,
      operator: true,
      changed: true,
    });
    const reports = await api.get('/v1/admin/reports', { token: operator.accessToken });
    expect(reports.status).toBe(200);
    expect(reports.body).toEqual({ items: [], nextCursor: null });
    // GET /v1/me tells the web client to offer the operator's screens.
    expect(await role()).toBe(true);
  });

  it('report → operator resolves by suspending → the suspended user cannot sign in, post or SMS, and is hidden', async () => {
    const phone = await linkVerifiedPhoneOf(mallory.username);
    const filed = await api.post(
      '/v1/reports',
      { postId: malloryPostId, reason: 'harassment', note: 'aimed at me' },
      { token: ada.accessToken },
    );
    expect(filed.status).toBe(202);
    expect(filed.body).toEqual({ id: expect.any(String), status: 'open' });
    reportId = filed.body.id;

    const queue = await api.get('/v1/admin/reports', { token: operator.accessToken });
    expect(queue.body.items).toEqual([
      expect.objectContaining({
        id: reportId,
        status: 'open',
        reason: 'harassment',
        note: 'aimed at me',
        reporter: expect.objectContaining({ username: ada.user.username }),
        target: {
          user: expect.objectContaining({ username: mallory.username }),
          post: { id: malloryPostId, text: 'something nasty' },
        },
      }),
    ]);

    const resolved = await api.post(
      `/v1/admin/reports/${reportId}/resolve`,
      { action: 'suspend_user', note: 'repeated harassment' },
      { token: operator.accessToken },
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolution: { action: 'suspend_user', by: { username: operator.user.username } },
    });
    const again = await api.post(
      `/v1/admin/reports/${reportId}/resolve`,
      { action: 'dismiss' },
      { token: operator.accessToken },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('report_already_resolved');
    expect((await api.get('/v1/admin/reports', { token: operator.accessToken })).body.items).toEqual([]);
    expect(
      (await api.get('/v1/admin/reports?status=resolved', { token: operator.accessToken })).body.items[0].id,
    ).toBe(reportId);

    const login = await api.post('/v1/auth/login', { login: mallory.email, password: mallory.password });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('account_suspended');
    const wrongPassword = await api.post('/v1/auth/login', {
      login: mallory.email,
      password: 'not the password',
    });
    expect(wrongPassword.status).toBe(401);
    const refresh = await api.post('/v1/auth/refresh', { refreshToken: malloryRefresh });
    expect(refresh.status).toBe(403);
    expect(refresh.body.error.code).toBe('account_suspended');
    // The access token issued before the suspension is still unexpired: posting checks the account itself.
    const posting = await post(malloryToken, 'still here?');
    expect(posting.status).toBe(403);
    expect(posting.body.error.code).toBe('account_suspended');
    // So do the actions whose domain call reads or writes the caller's own profile anyway (no extra request).
    const operatorName = operator.user.username;
    for (const call of [
      () => api.get('/v1/me', { token: malloryToken }),
      () => api.patch('/v1/me', { bio: 'still me' }, { token: malloryToken }),
      () => api.put(`/v1/users/${operatorName}/follow`, undefined, { token: malloryToken }),
      () => api.put(`/v1/users/${operatorName}/block`, undefined, { token: malloryToken }),
      () => api.put(`/v1/users/${operatorName}/mute`, undefined, { token: malloryToken }),
    ]) {
      const refused = await call();
      expect([refused.status, refused.body.error?.code]).toEqual([403, 'account_suspended']);
    }
    expect((await api.get(`/v1/users/${operatorName}/followers`)).body.items).toEqual([]);
    await textFrom(phone, 'by SMS then');
    expect((await smsTo(phone))[0]).toMatch(/suspended/);

    const missingUser = await api.get('/v1/users/nobody_here_at_all');
    const hiddenUser = await api.get(`/v1/users/${mallory.username}`);
    expect(hiddenUser.status).toBe(404);
    expect(hiddenUser.body.error.code).toBe(missingUser.body.error.code);
    expect((await api.get(`/v1/users/${mallory.username}/posts`)).status).toBe(404);
    const missingPost = await api.get('/v1/posts/01JZZZZZZZZZZZZZZZZZZZZZZZ');
    const hiddenPost = await api.get(`/v1/posts/${malloryPostId}`);
    expect(hiddenPost.status).toBe(404);
    expect(hiddenPost.body).toEqual(missingPost.body);
    await stack.streams.drain();
    const search = await api.get(`/v1/users?q=${mallory.username}`);
    expect(search.body.items).toEqual([]);
  });

  it("hides the suspended author's posts and actions from everyone, everywhere they still show", async () => {
    const hidden = await whereMalloryShows();
    expect(hidden).toEqual({
      timeline: [],
      mentions: [],
      hashtag: [],
      hashtagAnonymous: [],
      search: [],
      replies: [],
      likers: [],
      likes: [],
      notifications: [],
    });
    // Hidden, not deleted: the copies and edges are still there for the unsuspension.
    expect((await api.get(`/v1/posts/${seen.adaPost}`)).body.likeCount).toBe(1);
  });

  it('deletes any post, lifts the suspension, and keeps every action in the audit log, newest first', async () => {
    const bob = await insertVerifiedUser();
    const bobs = await post(bob, 'off-topic');
    const deleted = await api.delete(`/v1/admin/posts/${bobs.body.id}`, { token: operator.accessToken });
    expect(deleted.status).toBe(204);
    expect((await api.get(`/v1/posts/${bobs.body.id}`)).status).toBe(404);

    const unsuspended = await api.post(
      `/v1/admin/users/${mallory.username}/unsuspend`,
      { note: 'appeal granted' },
      { token: operator.accessToken },
    );
    expect(unsuspended.status).toBe(200);
    expect(unsuspended.body).toEqual({ username: mallory.username, accountState: 'active' });
    expect(
      (await api.post('/v1/auth/login', { login: mallory.username, password: mallory.password })).status,
    ).toBe(200);
    expect((await api.get(`/v1/posts/${malloryPostId}`)).status).toBe(200);
    // Everything the suspension hid shows again, as it was.
    expect(await whereMalloryShows()).toEqual(everywhere());

    const self = await api.post(`/v1/admin/users/${operator.user.username}/suspend`, undefined, {
      token: operator.accessToken,
    });
    expect(self.body.error.code).toBe('cannot_suspend_self');

    const log = await api.get('/v1/admin/audit-log', { token: operator.accessToken });
    expect(log.status).toBe(200);
    expect(log.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      'user.unsuspend',
      'post.delete',
      'report.resolve',
      'user.suspend',
      'operator.grant',
    ]);
    expect(log.body.items[0]).toMatchObject({
      actor: { via: 'api', user: { username: operator.user.username } },
      target: { user: { username: mallory.username } },
      note: 'appeal granted',
    });
    expect(log.body.items[4].actor).toMatchObject({ via: 'cli' });
    const fromCli = (await admin('audit')) as { items: { id: string }[] };
    expect(fromCli.items.map((entry) => entry.id)).toEqual(
      log.body.items.map((entry: { id: string }) => entry.id),
    );
  });

  it('runs the page-digest backfill from the CLI, and refuses --rebuild on another command', async () => {
    // No account here has 10,000 followers: nothing to build, and a second run says the same.
    expect(await admin('digest-celebrity-pages')).toEqual({ built: 0, existing: 0 });
    expect(await admin('digest-celebrity-pages', '--rebuild')).toEqual({ built: 0, existing: 0 });
    await expect(admin('audit', '--rebuild')).rejects.toThrow(/--rebuild is for digest-celebrity-pages/);
  });
});

/** Links a verified phone to an account known by its username (registered through the API). */
async function linkVerifiedPhoneOf(username: string): Promise<string> {
  const { body } = await api.get(`/v1/users/${username}`);
  return linkVerifiedPhone(body.id);
}
