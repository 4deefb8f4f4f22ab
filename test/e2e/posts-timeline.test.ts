/**
 * Posts, follows, the home timeline and mentions over HTTP against the local stack: the real handlers, the real
 * stream poller delivering to the fan-out consumer, DynamoDB Local.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack';
import { keys } from '#shared/db/keys';
import { type ApiClient, apiClient } from '#test/factories/api-client';
import { countPostItems } from '#test/factories/posts';
import { insertVerifiedUser, type TestUser } from '#test/factories/users';
import { startTestStack } from '#test/support/local-stack';

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

describe('posts and the home timeline over HTTP', () => {
  let a: TestUser;
  let b: TestUser;

  beforeAll(async () => {
    a = await insertVerifiedUser();
    b = await insertVerifiedUser();
  });

  it('A follows B, B posts, the post reaches A’s timeline, leaves it on delete and on unfollow', async () => {
    expect(
      (await api.put(`/v1/users/${b.user.username}/follow`, undefined, { token: a.accessToken })).status,
    ).toBe(204);
    expect(
      (await api.put(`/v1/users/${b.user.username}/follow`, undefined, { token: a.accessToken })).status,
    ).toBe(204);
    const followers = await api.get(`/v1/users/${b.user.username}/followers`);
    expect(followers.body.items.map((user: { id: string }) => user.id)).toEqual([a.user.id]);

    const created = await api.post(
      '/v1/posts',
      { text: 'first <script>alert(1)</script> & more' },
      { token: b.accessToken },
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    expect(created.body.text).toBe('first <script>alert(1)</script> & more');
    const kept = await api.post('/v1/posts', { text: 'second' }, { token: b.accessToken });
    await stack.streams.drain();

    const timeline = await api.get('/v1/timeline', { token: a.accessToken });
    expect(timeline.status).toBe(200);
    expect(ids(timeline.body)).toEqual([kept.body.id, created.body.id]);
    expect((await api.get(`/v1/posts/${created.body.id}`)).body).toEqual(created.body);
    const page = await api.get(`/v1/users/${b.user.username}/posts?limit=1`);
    expect(ids(page.body)).toEqual([kept.body.id]);
    expect(page.body.nextCursor).toEqual(expect.any(String));

    expect((await api.delete(`/v1/posts/${created.body.id}`, { token: b.accessToken })).status).toBe(204);
    await stack.streams.drain();
    expect(ids((await api.get('/v1/timeline', { token: a.accessToken })).body)).toEqual([kept.body.id]);
    expect((await api.get(`/v1/posts/${created.body.id}`)).status).toBe(404);

    expect((await api.delete(`/v1/users/${b.user.username}/follow`, { token: a.accessToken })).status).toBe(
      204,
    );
    await stack.streams.drain();
    expect(ids((await api.get('/v1/timeline', { token: a.accessToken })).body)).toEqual([]);
    expect(stack.streams.failures()).toEqual([]);
  });

  it("puts a post in its author's own timeline at once, before the fan-out runs, and takes it out on delete", async () => {
    const author = await insertVerifiedUser();
    const created = await api.post(
      '/v1/posts',
      { text: 'straight to my timeline' },
      { token: author.accessToken },
    );
    expect(ids((await api.get('/v1/timeline', { token: author.accessToken })).body)).toEqual([
      created.body.id,
    ]);
    expect((await api.delete(`/v1/posts/${created.body.id}`, { token: author.accessToken })).status).toBe(
      204,
    );
    expect(ids((await api.get('/v1/timeline', { token: author.accessToken })).body)).toEqual([]);
    await stack.streams.drain();
  });

  it('answers tampered cursors with 400 invalid_cursor, never a 500', async () => {
    const author = await insertVerifiedUser();
    const post = await api.post('/v1/posts', { text: 'a post to page past' }, { token: author.accessToken });
    const raw = (key: object) => Buffer.from(JSON.stringify([1, key])).toString('base64url');
    const { PK } = keys.user(author.user.id);
    const tampered = [
      `/v1/users/${author.user.username}/posts?cursor=${raw({ PK })}`,
      `/v1/users/${author.user.username}/posts?cursor=${raw({ PK, SK: 'FOLLOWS#zzz' })}`,
      `/v1/posts/${post.body.id}/replies?cursor=${raw({ GSI2PK: `REPLIES#${post.body.id}` })}`,
      `/v1/timeline?cursor=${raw({ PK: 'TIMELINE#someone-else', SK: 'POST#1' })}`,
    ];
    for (const path of tampered) {
      const response = await api.get(path, { token: author.accessToken });
      expect([path, response.status, response.body.error?.code]).toEqual([path, 400, 'invalid_cursor']);
    }
  });

  it('shows a reply under its parent and a mention in /v1/mentions', async () => {
    const parent = await api.post('/v1/posts', { text: 'a question' }, { token: a.accessToken });
    const reply = await api.post(
      '/v1/posts',
      { text: `@${a.user.username} an answer`, replyTo: parent.body.id },
      { token: b.accessToken },
    );
    expect(reply.status).toBe(201);
    expect(reply.body.entities.mentions).toEqual([
      { start: 0, end: a.user.username.length + 1, username: a.user.username, userId: a.user.id },
    ]);
    const replies = await api.get(`/v1/posts/${parent.body.id}/replies`);
    expect(ids(replies.body)).toEqual([reply.body.id]);
    expect((await api.get(`/v1/posts/${parent.body.id}`)).body.replyCount).toBe(1);
    await stack.streams.drain();
    const mentions = await api.get('/v1/mentions', { token: a.accessToken });
    expect(ids(mentions.body)).toEqual([reply.body.id]);
  });

  it('returns the same post for a retried Idempotency-Key and creates nothing more', async () => {
    const c = await insertVerifiedUser();
    const headers = { 'idempotency-key': 'e2e-retry-1' };
    const first = await api.post('/v1/posts', { text: 'once' }, { token: c.accessToken, headers });
    const retry = await api.post('/v1/posts', { text: 'once' }, { token: c.accessToken, headers });
    expect(first.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await countPostItems(c.user.id)).toBe(1);
  });

  it('answers bad inputs with 4xx codes and writes nothing', async () => {
    const d = await insertVerifiedUser();
    const cases: [unknown, number, string, Record<string, string>?][] = [
      [{ text: 'x'.repeat(141) }, 400, 'post_too_long'],
      [{ text: '   ' }, 400, 'post_empty'],
      [{ text: 'evil \u202Etxt' }, 400, 'invalid_characters'],
      [{ text: Array(11).fill('https://a.b').join(' ') }, 400, 'too_many_entities'],
      [{ text: 'reply', replyTo: '01JZZZZZZZZZZZZZZZZZZZZZZZ' }, 404, 'parent_not_found'],
      [
        { text: 'x', attachments: [{ url: 'http://insecure.example/a.png', kind: 'image' }] },
        400,
        'validation_failed',
      ],
      [{ text: 'x', extra: true }, 400, 'validation_failed'],
      [{ text: 'x' }, 400, 'invalid_idempotency_key', { 'idempotency-key': 'no spaces allowed' }],
    ];
    for (const [body, status, code, headers] of cases) {
      const response = await api.post('/v1/posts', body, {
        token: d.accessToken,
        ...(headers ? { headers } : {}),
      });
      expect({ status: response.status, code: response.body.error?.code }).toEqual({ status, code });
    }
    expect((await api.post('/v1/posts', { text: 'no token' })).status).toBe(401);
    expect(await countPostItems(d.user.id)).toBe(0);

    expect(
      (await api.put(`/v1/users/${d.user.username}/follow`, undefined, { token: d.accessToken })).body.error
        .code,
    ).toBe('cannot_follow_self');
    expect(
      (await api.put('/v1/users/nobody_here_xyz/follow', undefined, { token: d.accessToken })).status,
    ).toBe(404);
    expect((await api.get('/v1/posts/not-an-id')).status).toBe(400);
    expect((await api.get('/v1/timeline?limit=101', { token: d.accessToken })).status).toBe(400);
    expect((await api.get('/v1/timeline?cursor=forged', { token: d.accessToken })).body.error.code).toBe(
      'invalid_cursor',
    );
    const other = await api.post('/v1/posts', { text: 'mine' }, { token: a.accessToken });
    expect((await api.delete(`/v1/posts/${other.body.id}`, { token: d.accessToken })).status).toBe(403);
  });

  it('publishes the text rules in /v1/config', async () => {
    const config = await api.get('/v1/config');
    expect(config.body.posts.text).toMatchObject({
      maxLength: 140,
      urlLength: 23,
      maxBytes: 1400,
      entityOffsetUnit: 'utf16',
    });
  });
});
