/**
 * Direct messages and post search over HTTP against the local stack: the real handlers, the real stream
 * poller running the reactions (post index, message SMS), DynamoDB Local and the SMS capture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack';
import { type ApiClient, apiClient } from '#test/factories/api-client';
import { linkVerifiedPhone } from '#test/factories/sms-phones';
import { insertVerifiedUser, type TestUser } from '#test/factories/users';
import { startTestStack } from '#test/support/local-stack';

/** Small, so the limit test reaches it quickly; every other sender here stays well under it. */
const MESSAGE_LIMIT = 5;

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  process.env.RATE_LIMITS = JSON.stringify({ 'message:user': { limit: MESSAGE_LIMIT, windowSeconds: 3600 } });
  stack = await startTestStack();
  api = apiClient(stack.url);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  delete process.env.RATE_LIMITS;
});

const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

async function follow(follower: TestUser, followee: TestUser) {
  const response = await api.put(`/v1/users/${followee.user.username}/follow`, undefined, {
    token: follower.accessToken,
  });
  expect(response.status).toBe(204);
}

function send(from: TestUser, to: string, text: string) {
  return api.post(`/v1/messages/${to}`, { text }, { token: from.accessToken });
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

describe('direct messages over HTTP', () => {
  let ada: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  beforeAll(async () => {
    [ada, bob, carol] = await Promise.all([insertVerifiedUser(), insertVerifiedUser(), insertVerifiedUser()]);
    await follow(bob, ada);
    await follow(carol, ada);
    await follow(carol, bob);
  });

  it('Ada messages Bob, who follows her; Bob cannot answer until she follows him', async () => {
    const sent = await send(ada, bob.user.username.toUpperCase(), 'secret plans #hush zanzibarian');
    expect(sent.status).toBe(201);
    expect(sent.headers.get('location')).toBe(`/v1/messages/${bob.user.username}`);
    expect(sent.body).toMatchObject({
      sender: { id: ada.user.id, username: ada.user.username },
      recipient: { id: bob.user.id },
      text: 'secret plans #hush zanzibarian',
    });

    await stack.streams.drain();
    const notifications = await api.get('/v1/notifications?types=message', { token: bob.accessToken });
    expect(notifications.status).toBe(200);
    expect(notifications.body.items).toEqual([
      expect.objectContaining({
        type: 'message',
        messageId: sent.body.id,
        actors: [expect.objectContaining({ id: ada.user.id })],
      }),
    ]);
    // The sender is not notified of her own message.
    const adasNotifications = await api.get('/v1/notifications?types=message', { token: ada.accessToken });
    expect(adasNotifications.body.items).toEqual([]);

    const refused = await send(bob, ada.user.username, 'back at you');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_followed_by_recipient');

    const list = await api.get('/v1/messages', { token: bob.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      {
        user: expect.objectContaining({ id: ada.user.id, username: ada.user.username }),
        lastMessage: expect.objectContaining({ id: sent.body.id, senderId: ada.user.id }),
        unreadCount: 1,
      },
    ]);
    expect(list.body.items[0].user).not.toHaveProperty('email');

    const conversation = await api.get(`/v1/messages/${ada.user.username}`, { token: bob.accessToken });
    expect(conversation.body).toEqual({ items: [sent.body], nextCursor: null });
    const read = await api.get('/v1/messages', { token: bob.accessToken });
    expect(read.body.items[0].unreadCount).toBe(0);

    await follow(ada, bob);
    const answer = await send(bob, ada.user.username, 'back at you');
    expect(answer.status).toBe(201);
    const adas = await api.get(`/v1/messages/${bob.user.username}`, { token: ada.accessToken });
    expect(ids(adas.body)).toEqual([answer.body.id, sent.body.id]);
  });

  it('never shows a message to a third user: not in timelines, mentions, search, pages or lists', async () => {
    const sent = await send(ada, bob.user.username, `@${bob.user.username} private #whisperonly quuxword`);
    expect(sent.status).toBe(201);
    await stack.streams.drain();

    const asCarol = { token: carol.accessToken };
    expect((await api.get('/v1/messages', asCarol)).body.items).toEqual([]);
    expect((await api.get(`/v1/messages/${ada.user.username}`, asCarol)).body.items).toEqual([]);
    expect((await api.get(`/v1/messages/${bob.user.username}`, asCarol)).body.items).toEqual([]);
    const timeline = await api.get('/v1/timeline?limit=100', asCarol);
    expect(timeline.status).toBe(200);
    expect(timeline.text).not.toContain('whisperonly');
    for (const path of [
      '/v1/hashtags/whisperonly/posts',
      '/v1/search/posts?q=%23whisperonly',
      '/v1/search/posts?q=quuxword',
      `/v1/users/${ada.user.username}/posts`,
    ]) {
      const response = await api.get(path, asCarol);
      expect(response.status, path).toBe(200);
      expect(response.body.items, path).toEqual([]);
    }
    expect((await api.get(`/v1/posts/${sent.body.id}`, asCarol)).status).toBe(404);
    // Not even the participants see it outside the conversation.
    expect((await api.get('/v1/mentions', { token: bob.accessToken })).text).not.toContain('whisperonly');
    expect((await api.get('/v1/timeline', { token: bob.accessToken })).text).not.toContain('whisperonly');
    expect((await api.get('/v1/messages')).status).toBe(401);
    expect(stack.streams.failures()).toEqual([]);
  });

  it('refuses bad messages with their 4xx code and writes nothing', async () => {
    const dave = await insertVerifiedUser();
    await follow(bob, dave);
    const before = await api.get(`/v1/messages/${bob.user.username}`, { token: dave.accessToken });
    expect(before.body.items).toEqual([]);

    const cases: [string, string, number, string][] = [
      [bob.user.username, 'x'.repeat(141), 400, 'post_too_long'],
      [dave.user.username, 'note to self', 400, 'cannot_message_self'],
      ['nobody_by_that_name', 'hello?', 404, 'user_not_found'],
      [carol.user.username, 'carol does not follow dave', 403, 'not_followed_by_recipient'],
    ];
    for (const [to, text, status, code] of cases) {
      const response = await send(dave, to, text);
      expect(response.status, code).toBe(status);
      expect(response.body.error.code).toBe(code);
    }
    const emptyBody = await api.post(`/v1/messages/${bob.user.username}`, {}, { token: dave.accessToken });
    expect(emptyBody.status).toBe(400);

    expect((await api.get('/v1/messages', { token: dave.accessToken })).body.items).toEqual([]);
    expect(
      (await api.get(`/v1/messages/${dave.user.username}`, { token: bob.accessToken })).body.items,
    ).toEqual([]);

    // A cursor from another list, in both directions.
    const posted = await api.post('/v1/posts', { text: 'one' }, { token: dave.accessToken });
    await api.post('/v1/posts', { text: 'two' }, { token: dave.accessToken });
    expect(posted.status).toBe(201);
    const postsPage = await api.get(`/v1/users/${dave.user.username}/posts?limit=1`);
    const foreign = postsPage.body.nextCursor as string;
    expect(foreign).toEqual(expect.any(String));
    for (const path of [
      `/v1/messages/${bob.user.username}?cursor=${foreign}`,
      `/v1/messages?cursor=${foreign}`,
      `/v1/hashtags/hush/posts?cursor=${foreign}`,
      `/v1/search/posts?q=plans&cursor=${foreign}`,
    ]) {
      const response = await api.get(path, { token: dave.accessToken });
      expect(response.status, path).toBe(400);
      expect(response.body.error.code, path).toBe('invalid_cursor');
    }
  });

  it('sends and answers by SMS with D user text, and texts the message to a recipient with SMS on', async () => {
    const [erin, frank] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    const [erinsPhone, franksPhone] = await Promise.all([
      linkVerifiedPhone(erin.user.id),
      linkVerifiedPhone(frank.user.id),
    ]);
    await follow(frank, erin);
    const on = await api.patch('/v1/me/sms', { notifications: 'on' }, { token: frank.accessToken });
    expect(on.status).toBe(200);

    await textFrom(erinsPhone, `D ${frank.user.username} dinner at eight?`);
    expect((await smsTo(erinsPhone))[0]).toBe(`Message sent to @${frank.user.username}.`);
    const conversation = await api.get(`/v1/messages/${erin.user.username}`, { token: frank.accessToken });
    expect(conversation.body.items.map((message: { text: string }) => message.text)).toEqual([
      'dinner at eight?',
    ]);
    await stack.streams.drain();
    expect((await smsTo(franksPhone))[0]).toBe(`DM @${erin.user.username}: dinner at eight?`);

    // Erin does not follow Frank: his answer by SMS is refused, and nothing is sent to her.
    await textFrom(franksPhone, `d @${erin.user.username} yes!`);
    expect((await smsTo(franksPhone))[0]).toBe(
      `Not sent: @${erin.user.username} does not follow you, so you cannot message them.`,
    );
    const erins = await api.get(`/v1/messages/${frank.user.username}`, { token: erin.accessToken });
    expect(erins.body.items).toHaveLength(1);
    await stack.streams.drain();
    expect(await smsTo(erinsPhone)).not.toContainEqual(expect.stringContaining('DM @'));
    expect(stack.streams.failures()).toEqual([]);
  });

  it(`limits a sender to ${MESSAGE_LIMIT} messages an hour: 429 with Retry-After, published in /v1/config`, async () => {
    const [gus, hal] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    await follow(hal, gus);
    for (let count = 1; count <= MESSAGE_LIMIT; count++) {
      expect((await send(gus, hal.user.username, `message ${count}`)).status).toBe(201);
    }
    const limited = await send(gus, hal.user.username, 'one too many');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const conversation = await api.get(`/v1/messages/${gus.user.username}?limit=100`, {
      token: hal.accessToken,
    });
    expect(conversation.body.items).toHaveLength(MESSAGE_LIMIT);

    const config = await api.get('/v1/config');
    expect(config.body.messages.rateLimit).toEqual({ limit: MESSAGE_LIMIT, windowSeconds: 3600 });
  });
});

describe('hashtags and post search over HTTP', () => {
  it('find a post by #Tag, #tag and a Georgian hashtag, newest first, and lose it when it is deleted', async () => {
    const author = await insertVerifiedUser();
    const tag = `Skylark${author.user.id.slice(-6).replace(/[^A-Za-z0-9]/g, '')}`;
    const first = await api.post(
      '/v1/posts',
      { text: `first #${tag} #ქართული გამარჯობა` },
      { token: author.accessToken },
    );
    const second = await api.post(
      '/v1/posts',
      { text: `second #${tag.toLowerCase()}` },
      { token: author.accessToken },
    );
    expect([first.status, second.status]).toEqual([201, 201]);
    await stack.streams.drain();

    for (const written of [tag, tag.toLowerCase(), tag.toUpperCase()]) {
      const page = await api.get(`/v1/hashtags/${written}/posts`);
      expect(page.status).toBe(200);
      expect(ids(page.body)).toEqual([second.body.id, first.body.id]);
      const searched = await api.get(`/v1/search/posts?q=${encodeURIComponent(`#${written}`)}`);
      expect(ids(searched.body)).toEqual([second.body.id, first.body.id]);
    }
    expect((await api.get(`/v1/hashtags/${tag}/posts`)).body.items[1]).toEqual(first.body);

    const georgian = await api.get(`/v1/hashtags/${encodeURIComponent('ქართული')}/posts?limit=100`);
    expect(ids(georgian.body)).toContain(first.body.id);
    const georgianSearch = await api.get(`/v1/search/posts?q=${encodeURIComponent('#ქართული')}&limit=100`);
    expect(ids(georgianSearch.body)).toContain(first.body.id);
    const georgianWord = await api.get(`/v1/search/posts?q=${encodeURIComponent('გამარ')}&limit=100`);
    expect(ids(georgianWord.body)).toContain(first.body.id);
    const prefix = await api.get(`/v1/search/posts?q=${tag.slice(0, 9)}&limit=100`);
    expect(ids(prefix.body)).toEqual(expect.arrayContaining([second.body.id, first.body.id]));

    const paged = await api.get(`/v1/hashtags/${tag}/posts?limit=1`);
    expect(ids(paged.body)).toEqual([second.body.id]);
    const next = await api.get(`/v1/hashtags/${tag}/posts?limit=1&cursor=${paged.body.nextCursor}`);
    expect(ids(next.body)).toEqual([first.body.id]);

    expect((await api.delete(`/v1/posts/${first.body.id}`, { token: author.accessToken })).status).toBe(204);
    await stack.streams.drain();
    expect(ids((await api.get(`/v1/hashtags/${tag}/posts`)).body)).toEqual([second.body.id]);
    expect(
      ids((await api.get(`/v1/search/posts?q=${encodeURIComponent('გამარ')}&limit=100`)).body),
    ).not.toContain(first.body.id);
    expect(stack.streams.failures()).toEqual([]);
  });

  it.each([
    ['a', 'invalid_query'],
    ['two%20words', 'invalid_query'],
    ['%23', 'invalid_query'],
    ['', 'validation_failed'],
  ])('refuses q=%s with 400 %s', async (q, code) => {
    const response = await api.get(`/v1/search/posts?q=${q}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(code);
  });
});
