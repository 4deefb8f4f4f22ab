/**
 * Account export and deletion over HTTP against one local stack: the archive is built by the stream reaction
 * and fetched through its signed, expiring link; deletion deactivates at once (no sign-in, no page, no
 * sessions, no phone), reactivation cancels it, and the erasure job leaves nothing of the account in the table
 * (checked by paging the whole table, which only a test may do) while everyone else's counts are corrected.
 * The grace period is 0 days here, so the erasure is due as soon as the job runs (it runs only when asked).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack';
import { config } from '#shared/config';
import { db, tableName } from '#shared/db/client';
import { keys } from '#shared/db/keys';
import { type ApiClient, apiClient } from '#test/factories/api-client';
import { latestMailTo, verifyApiPath } from '#test/factories/mailbox';
import { linkVerifiedPhone } from '#test/factories/sms-phones';
import { insertVerifiedUser, type TestUser } from '#test/factories/users';
import { startTestStack } from '#test/support/local-stack';

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  stack = await startTestStack({ accountErasureGraceDays: 0 });
  api = apiClient(stack.url);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** Stream work, and the work it causes in turn (a deleted post's edges, then their own records). */
async function settle() {
  for (let round = 0; round < 3; round++) await stack.streams.drain();
}

/** Every item of the table (a Scan: test environment only). */
async function allItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Items that name the account anywhere (keys or attributes), by id, username or email. */
async function itemsOf(person: { id: string; username: string; email: string }) {
  const needles = [person.id, person.username, person.email.toLowerCase()];
  return (await allItems()).filter((item) => {
    const text = JSON.stringify(item, (_key, value) =>
      value instanceof Set ? [...value] : value,
    ).toLowerCase();
    return needles.some((needle) => text.includes(needle.toLowerCase()));
  });
}

/** The archive files the local archive store holds for a user (exports/<id>/<exportId>.json). */
async function archiveFilesOf(userId: string): Promise<string[]> {
  const directory = path.join(config().EXPORT_DIR ?? '', 'exports', userId);
  return readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
}

/**
 * Rate-limit windows count attempts per subject (stored as a digest) and expire by TTL within a day, long
 * before a grace period ends: the one kind of item erasure leaves to TTL (docs/data-model.md, "Account data").
 */
const notRateWindow = (item: Record<string, unknown>) => item.type !== 'RATE';

const PASSWORD = 'correct horse battery staple';

describe('account export and deletion over HTTP', () => {
  const suffix = Date.now().toString(36);
  const ada = {
    id: '',
    username: `ada_${suffix}`,
    email: `ada.${suffix}@example.org`,
    token: '',
    refresh: '',
  };
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  /** Protected; Ada's follow request to Eve is pending when Ada is erased. */
  let eve: TestUser;
  const adaPosts: string[] = [];
  let bobPost = '';
  let carolPost = '';

  beforeAll(async () => {
    const person = {
      firstName: 'Ada',
      lastName: 'Lovelace',
      username: ada.username,
      email: ada.email,
      password: PASSWORD,
    };
    expect((await api.post('/v1/auth/register', person)).status).toBe(202);
    expect((await api.get(verifyApiPath(await latestMailTo(api, ada.email)))).status).toBe(200);
    const login = await api.post('/v1/auth/login', { login: ada.username, password: PASSWORD });
    expect(login.status).toBe(200);
    ada.token = login.body.accessToken;
    ada.refresh = login.body.refreshToken;
    ada.id = login.body.user.id;
    [bob, carol, dave, eve] = await Promise.all([
      insertVerifiedUser({ firstName: 'Bob' }),
      insertVerifiedUser({ firstName: 'Carol' }),
      insertVerifiedUser({ firstName: 'Dave' }),
      insertVerifiedUser({ firstName: 'Eve' }),
    ]);
    await linkVerifiedPhone(ada.id);

    const as = (token: string) => ({ token });
    for (const [who, whom] of [
      [ada.token, bob.user.username],
      [ada.token, carol.user.username],
      [bob.accessToken, ada.username],
      [carol.accessToken, ada.username],
    ] as const) {
      expect((await api.put(`/v1/users/${whom}/follow`, undefined, as(who))).status).toBe(204);
    }
    expect((await api.put(`/v1/users/${dave.user.username}/block`, undefined, as(ada.token))).status).toBe(
      204,
    );
    // Items of Ada's kept in other people's partitions: Dave's block of her, Eve's mute of her and Ada's pending
    // request to follow Eve (with Eve's follow_request notification).
    expect((await api.put(`/v1/users/${ada.username}/block`, undefined, as(dave.accessToken))).status).toBe(
      204,
    );
    expect((await api.put(`/v1/users/${ada.username}/mute`, undefined, as(eve.accessToken))).status).toBe(
      204,
    );
    expect((await api.patch('/v1/me', { protected: true }, as(eve.accessToken))).status).toBe(200);
    const request = await api.put(`/v1/users/${eve.user.username}/follow`, undefined, as(ada.token));
    expect(request).toMatchObject({ status: 202, body: { state: 'requested' } });
    bobPost = (await api.post('/v1/posts', { text: 'Bob here' }, as(bob.accessToken))).body.id;
    carolPost = (await api.post('/v1/posts', { text: 'Carol here' }, as(carol.accessToken))).body.id;
    for (const text of [`hello @${bob.user.username}`, 'notes on the #engine', 'a third post']) {
      adaPosts.push((await api.post('/v1/posts', { text }, as(ada.token))).body.id);
    }
    adaPosts.push(
      (await api.post('/v1/posts', { text: 'a reply to Bob', replyTo: bobPost }, as(ada.token))).body.id,
    );
    expect(
      (await api.post('/v1/posts', { text: 'Bob replies', replyTo: adaPosts[0] }, as(bob.accessToken)))
        .status,
    ).toBe(201);
    expect((await api.put(`/v1/posts/${bobPost}/like`, undefined, as(ada.token))).status).toBe(204);
    expect((await api.put(`/v1/posts/${carolPost}/repost`, undefined, as(ada.token))).status).toBe(204);
    expect((await api.put(`/v1/posts/${adaPosts[1]}/like`, undefined, as(bob.accessToken))).status).toBe(204);
    expect(
      (await api.post(`/v1/messages/${bob.user.username}`, { text: 'hi Bob' }, as(ada.token))).status,
    ).toBe(201);
    expect(
      (await api.post(`/v1/messages/${ada.username}`, { text: 'hi Ada' }, as(bob.accessToken))).status,
    ).toBe(201);
    await settle();
  }, 120_000);

  describe('export', () => {
    it('is refused without a token', async () => {
      expect((await api.post('/v1/me/export')).status).toBe(401);
      expect((await api.get('/v1/me/export')).status).toBe(401);
    });

    it('answers none before any request', async () => {
      const status = await api.get('/v1/me/export', { token: bob.accessToken });
      expect(status).toMatchObject({ status: 200, body: { status: 'none' } });
    });

    it('builds an archive with every post, follow, like, repost and message, behind an expiring link', async () => {
      const requested = await api.post('/v1/me/export', undefined, { token: ada.token });
      expect(requested.status).toBe(202);
      expect(requested.body.status).toBe('pending');
      // Asked again while it is being built: the same request, no second build.
      const again = await api.post('/v1/me/export', undefined, { token: ada.token });
      expect(again.body).toEqual(requested.body);
      await settle();

      const ready = await api.get('/v1/me/export', { token: ada.token });
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ready', url: expect.stringContaining('/_local/export?') });
      const download = await fetch(
        new URL(new URL(ready.body.url).pathname + new URL(ready.body.url).search, stack.url),
      );
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toContain('attachment');
      const archive = await download.json();
      expect(archive.schemaVersion).toBe(1);
      expect(archive.account).toMatchObject({ id: ada.id, username: ada.username, email: ada.email });
      expect(archive.posts.map((post: { id: string }) => post.id).sort()).toEqual([...adaPosts].sort());
      expect(archive.following.map((user: { id: string }) => user.id).sort()).toEqual(
        [bob.user.id, carol.user.id].sort(),
      );
      expect(archive.followers.map((user: { id: string }) => user.id).sort()).toEqual(
        [bob.user.id, carol.user.id].sort(),
      );
      expect(archive.likes.map((like: { postId: string }) => like.postId)).toEqual([bobPost]);
      expect(archive.reposts.map((repost: { postId: string }) => repost.postId)).toEqual([carolPost]);
      expect(archive.blocks.map((user: { id: string }) => user.id)).toEqual([dave.user.id]);
      expect(archive.conversations).toHaveLength(1);
      expect(archive.conversations[0].with.id).toBe(bob.user.id);
      expect(
        archive.conversations[0].messages.map((m: { direction: string; text: string }) => [
          m.direction,
          m.text,
        ]),
      ).toEqual([
        ['sent', 'hi Bob'],
        ['received', 'hi Ada'],
      ]);
      expect(JSON.stringify(archive)).not.toContain('passwordHash');

      const link = new URL(ready.body.url);
      link.searchParams.set('key', link.searchParams.get('key')?.replace(ada.id, bob.user.id) ?? '');
      const forged = await fetch(new URL(link.pathname + link.search, stack.url));
      expect(forged.status).toBe(403);
      expect((await forged.json()).error.code).toBe('invalid_link');
    });

    it('is limited to three a day (429 with Retry-After), and keeps only the newest archive', async () => {
      for (let attempt = 0; attempt < 2; attempt++) {
        expect((await api.post('/v1/me/export', undefined, { token: ada.token })).status).toBe(202);
        await settle();
      }
      // Each new request retired the archive of the one before.
      const latest = await api.get('/v1/me/export', { token: ada.token });
      expect(latest.body.status).toBe('ready');
      const latestKey = new URL(latest.body.url).searchParams.get('key') ?? '';
      expect(await archiveFilesOf(ada.id)).toEqual([path.basename(latestKey)]);
      const limited = await api.post('/v1/me/export', undefined, { token: ada.token });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });

  describe('deletion', () => {
    it('refuses a wrong password with 401 and changes nothing', async () => {
      const before = (await itemsOf(ada)).filter(notRateWindow);
      const wrong = await api.request(
        'DELETE',
        '/v1/me',
        { password: 'not the password' },
        { token: ada.token },
      );
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('invalid_password');
      const missing = await api.request('DELETE', '/v1/me', {}, { token: ada.token });
      expect(missing.status).toBe(400);
      await settle();
      expect((await itemsOf(ada)).filter(notRateWindow)).toEqual(before);
      expect((await api.get(`/v1/users/${ada.username}`)).status).toBe(200);
    });

    it('deactivates at once: no sign-in, no page, no sessions, no phone; reactivation cancels it', async () => {
      const deleted = await api.request('DELETE', '/v1/me', { password: PASSWORD }, { token: ada.token });
      expect(deleted.status).toBe(202);
      expect(deleted.body).toMatchObject({ status: 'deactivated', erasureDueAt: expect.any(String) });
      await settle();

      const login = await api.post('/v1/auth/login', { login: ada.username, password: PASSWORD });
      expect(login.status).toBe(403);
      expect(login.body.error.code).toBe('account_deactivated');
      expect(login.body.error.message).toContain('POST /v1/auth/reactivate');
      expect((await api.post('/v1/auth/refresh', { refreshToken: ada.refresh })).status).toBe(401);
      expect((await api.get(`/v1/users/${ada.username}`)).status).toBe(404);
      expect((await api.get(`/v1/users/${ada.username}/posts`)).status).toBe(404);
      const search = await api.get(`/v1/users?q=${ada.username}`);
      expect(search.body.items.map((user: { id: string }) => user.id)).not.toContain(ada.id);
      const phoneItems = (await itemsOf(ada)).filter((item) => String(item.PK).startsWith('PHONE#'));
      expect(phoneItems).toEqual([]);

      const wrong = await api.post('/v1/auth/reactivate', {
        login: ada.username,
        password: 'nope nope nope',
      });
      expect(wrong.status).toBe(401);
      const reactivated = await api.post('/v1/auth/reactivate', { login: ada.username, password: PASSWORD });
      expect(reactivated).toMatchObject({ status: 200, body: { status: 'active' } });
      const again = await api.post('/v1/auth/reactivate', { login: ada.username, password: PASSWORD });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('not_deactivated');
      const back = await api.post('/v1/auth/login', { login: ada.username, password: PASSWORD });
      expect(back.status).toBe(200);
      ada.token = back.body.accessToken;
      expect((await api.get(`/v1/users/${ada.username}`)).status).toBe(200);
    });

    it('erases every item of the account, corrects the others counts and frees the username and email', async () => {
      expect(
        (await api.request('DELETE', '/v1/me', { password: PASSWORD }, { token: ada.token })).status,
      ).toBe(202);
      // Two runs: what Ada wrote first (its removal fans out along her follow edges), then the rest.
      const first = (await stack.jobs.run('EraseAccounts')) as { erased: string[]; contentErased: string[] };
      expect(first).toMatchObject({ erased: [], contentErased: [ada.id] });
      await settle();
      expect((await itemsOf(ada)).filter(notRateWindow).length).toBeGreaterThan(0);
      const second = (await stack.jobs.run('EraseAccounts')) as { erased: string[]; contentErased: string[] };
      expect(second).toMatchObject({ erased: [ada.id], contentErased: [] });
      await settle();

      expect((await itemsOf(ada)).filter(notRateWindow)).toEqual([]);
      // The export request item went with the account, and its archive with it (archive retirement).
      expect(await archiveFilesOf(ada.id)).toEqual([]);
      const bobNow = await api.get(`/v1/users/${bob.user.username}`);
      expect(bobNow.body).toMatchObject({ followerCount: 0, followingCount: 0 });
      const bobsPost = await api.get(`/v1/posts/${bobPost}`);
      expect(bobsPost.body).toMatchObject({ likeCount: 0, replyCount: 0 });
      expect((await api.get(`/v1/posts/${carolPost}`)).body.repostCount).toBe(0);
      const timeline = await api.get('/v1/timeline', { token: bob.accessToken });
      expect(timeline.body.items.map((post: { author: { id: string } }) => post.author.id)).not.toContain(
        ada.id,
      );
      const notifications = await api.get('/v1/notifications', { token: bob.accessToken });
      expect(JSON.stringify(notifications.body)).not.toContain(ada.id);
      expect((await api.get('/v1/messages', { token: bob.accessToken })).body.items).toEqual([]);
      // What others held naming Ada went too, with their counters.
      const eveRequests = await api.get('/v1/me/follow-requests', { token: eve.accessToken });
      expect(eveRequests.body.items).toEqual([]);
      const eveNotifications = await api.get('/v1/notifications?types=follow_request', {
        token: eve.accessToken,
      });
      expect(eveNotifications.body.items).toEqual([]);
      expect((await api.get('/v1/me/mutes', { token: eve.accessToken })).body.items).toEqual([]);
      expect((await api.get('/v1/me/blocks', { token: dave.accessToken })).body.items).toEqual([]);
      const [daveMe, eveMe] = await Promise.all(
        [dave, eve].map((user) =>
          db().send(new GetCommand({ TableName: tableName(), Key: keys.user(user.user.id) })),
        ),
      );
      expect(daveMe?.Item?.blockCount).toBe(0);
      expect(eveMe?.Item?.muteCount).toBe(0);

      expect((await api.post('/v1/auth/login', { login: ada.username, password: PASSWORD })).status).toBe(
        401,
      );
      const newcomer = {
        firstName: 'Ada',
        lastName: 'Again',
        username: ada.username,
        email: ada.email,
        password: PASSWORD,
      };
      expect((await api.post('/v1/auth/register', newcomer)).status).toBe(202);
      expect((await api.get(verifyApiPath(await latestMailTo(api, ada.email)))).status).toBe(200);
      const fresh = await api.post('/v1/auth/login', { login: ada.username, password: PASSWORD });
      expect(fresh.status).toBe(200);
      expect(fresh.body.user.id).not.toBe(ada.id);
    });
  });
});
