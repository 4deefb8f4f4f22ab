/**
 * Blocks, mutes and protected accounts over HTTP against one local stack: the real handlers, the stream poller
 * delivering follow removals and notifications to the table-only reactions, DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '#local/stack';
import { type ApiClient, apiClient } from '#test/factories/api-client';
import { insertVerifiedUser, type TestUser } from '#test/factories/users';
import { startTestStack } from '#test/support/local-stack';

// Each scenario makes a few dozen requests and waits for the stream twice; the shared machine is slow.
vi.setConfig({ testTimeout: 120_000 });

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

type Item = { id: string; author?: { id: string }; actors?: { id: string }[] };
const ids = (items: Item[]) => items.map((item) => item.id);

async function settle() {
  await stack.streams.drain();
  await stack.streams.drain();
}

async function follow(follower: TestUser, followee: TestUser) {
  return api.put(`/v1/users/${followee.user.username}/follow`, undefined, { token: follower.accessToken });
}

async function post(author: TestUser, text: string, replyTo?: string) {
  const created = await api.post(
    '/v1/posts',
    { text, ...(replyTo ? { replyTo } : {}) },
    { token: author.accessToken },
  );
  expect(created.status).toBe(201);
  return created.body as { id: string };
}

describe('blocks over HTTP', () => {
  let ada: TestUser;
  let bob: TestUser;
  let tag: string;

  beforeAll(async () => {
    [ada, bob] = await Promise.all([
      insertVerifiedUser({ firstName: 'Ada' }),
      insertVerifiedUser({ firstName: 'Bob' }),
    ]);
    tag = `blk${Date.now().toString(36)}`;
  });

  it('ends the follows both ways and hides the two from each other everywhere', async () => {
    expect((await follow(ada, bob)).status).toBe(204);
    expect((await follow(bob, ada)).status).toBe(204);
    const adaPost = await post(ada, `Ada before the block #${tag}`);
    const bobPost = await post(bob, `Bob before the block #${tag} @${ada.user.username}`);
    expect(
      (await api.put(`/v1/posts/${adaPost.id}/like`, undefined, { token: bob.accessToken })).status,
    ).toBe(204);
    await settle();
    expect(ids((await api.get('/v1/timeline', { token: ada.accessToken })).body.items)).toContain(bobPost.id);
    const before = await api.get('/v1/notifications', { token: ada.accessToken });
    expect(before.body.items.length).toBeGreaterThan(0);

    expect(
      (await api.put(`/v1/users/${bob.user.username}/block`, undefined, { token: ada.accessToken })).status,
    ).toBe(204);
    // Blocking twice answers the same.
    expect(
      (await api.put(`/v1/users/${bob.user.username}/block`, undefined, { token: ada.accessToken })).status,
    ).toBe(204);
    await settle();

    const [adaMe, bobMe] = await Promise.all([
      api.get(`/v1/users/${ada.user.username}/followers`, { token: ada.accessToken }),
      api.get(`/v1/users/${bob.user.username}/followers`),
    ]);
    expect(adaMe.body.items).toEqual([]);
    expect(bobMe.body.items).toEqual([]);
    const adaProfile = await api.get('/v1/me', { token: ada.accessToken });
    expect(adaProfile.body).toMatchObject({ followerCount: 0, followingCount: 0 });
    const blocks = await api.get('/v1/me/blocks', { token: ada.accessToken });
    expect(ids(blocks.body.items)).toEqual([bob.user.id]);

    // Neither sees the other: timelines, search, hashtags, mentions, notifications, replies, the post itself.
    for (const [reader, other] of [
      [ada, bobPost.id],
      [bob, adaPost.id],
    ] as const) {
      const token = { token: reader.accessToken };
      expect(ids((await api.get('/v1/timeline', token)).body.items)).not.toContain(other);
      expect(ids((await api.get(`/v1/hashtags/${tag}/posts`, token)).body.items)).not.toContain(other);
      expect(ids((await api.get(`/v1/search/posts?q=${tag}`, token)).body.items)).not.toContain(other);
      expect((await api.get(`/v1/posts/${other}`, token)).status).toBe(404);
    }
    expect(ids((await api.get('/v1/mentions', { token: ada.accessToken })).body.items)).not.toContain(
      bobPost.id,
    );
    const notifications = (await api.get('/v1/notifications', { token: ada.accessToken })).body
      .items as Item[];
    expect(notifications.flatMap((item) => item.actors ?? []).map((actor) => actor.id)).not.toContain(
      bob.user.id,
    );
    // Others still see both.
    const hashtag = await api.get(`/v1/hashtags/${tag}/posts`);
    expect(ids(hashtag.body.items).sort()).toEqual([adaPost.id, bobPost.id].sort());
    // People search: neither finds the other; anyone else finds both.
    const searchFor = (who: TestUser, reader?: TestUser) =>
      api.get(`/v1/users?q=${who.user.username}`, reader ? { token: reader.accessToken } : {});
    expect(ids((await searchFor(bob, ada)).body.items)).toEqual([]);
    expect(ids((await searchFor(ada, bob)).body.items)).toEqual([]);
    expect(ids((await searchFor(bob)).body.items)).toEqual([bob.user.id]);
    expect(ids((await searchFor(ada, ada)).body.items)).toEqual([ada.user.id]);
    expect((await api.get(`/v1/users?q=${ada.user.username}`, { token: 'not-a-token' })).status).toBe(401);

    // The blocked account's view of the blocker's page: not available.
    const page = await api.get(`/v1/users/${ada.user.username}`, { token: bob.accessToken });
    expect(page.status).toBe(404);
    expect(page.body.error.code).toBe('user_not_found');
    expect((await api.get(`/v1/users/${ada.user.username}/posts`, { token: bob.accessToken })).status).toBe(
      404,
    );
  });

  it("refuses Bob's follow, reply, like, repost and message, and Ada's own follow until she unblocks", async () => {
    const adaPost = await post(ada, 'Ada after the block');
    const bobToken = { token: bob.accessToken };
    const refusals = await Promise.all([
      follow(bob, ada),
      api.post('/v1/posts', { text: 'a reply', replyTo: adaPost.id }, bobToken),
      api.put(`/v1/posts/${adaPost.id}/like`, undefined, bobToken),
      api.put(`/v1/posts/${adaPost.id}/repost`, undefined, bobToken),
      api.post(`/v1/messages/${ada.user.username}`, { text: 'hello?' }, bobToken),
    ]);
    expect(refusals.map((response) => [response.status, response.body?.error?.code])).toEqual([
      [404, 'user_not_found'],
      [404, 'parent_not_found'],
      [404, 'post_not_found'],
      [404, 'post_not_found'],
      [403, 'not_followed_by_recipient'],
    ]);
    const adaFollows = await follow(ada, bob);
    expect([adaFollows.status, adaFollows.body.error.code]).toEqual([403, 'user_blocked']);
    const adaMessage = await api.post(
      `/v1/messages/${bob.user.username}`,
      { text: 'hi' },
      { token: ada.accessToken },
    );
    expect(adaMessage.status).toBe(403);
    // Nothing was written by the refused reply.
    expect((await api.get(`/v1/posts/${adaPost.id}/replies`, { token: ada.accessToken })).body.items).toEqual(
      [],
    );

    expect(
      (await api.delete(`/v1/users/${bob.user.username}/block`, { token: ada.accessToken })).status,
    ).toBe(204);
    expect((await api.get('/v1/me/blocks', { token: ada.accessToken })).body.items).toEqual([]);
    expect((await follow(bob, ada)).status).toBe(204);
  });

  it('refuses blocking yourself and an unknown user, and writes nothing', async () => {
    const self = await api.put(`/v1/users/${ada.user.username}/block`, undefined, { token: ada.accessToken });
    expect([self.status, self.body.error.code]).toEqual([400, 'cannot_block_self']);
    const unknown = await api.put('/v1/users/nobody_here_at_all/block', undefined, {
      token: ada.accessToken,
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'user_not_found']);
    const anonymous = await api.put(`/v1/users/${bob.user.username}/block`);
    expect(anonymous.status).toBe(401);
    expect((await api.get('/v1/me/blocks', { token: ada.accessToken })).body.items).toEqual([]);
  });
});

describe('mutes over HTTP', () => {
  it("takes the muted account's posts out of the home timeline and notifications only", async () => {
    const [carol, dan] = await Promise.all([insertVerifiedUser(), insertVerifiedUser()]);
    expect((await follow(carol, dan)).status).toBe(204);
    expect((await follow(dan, carol)).status).toBe(204);
    const danPost = await post(dan, `hello @${carol.user.username}`);
    await settle();
    expect(ids((await api.get('/v1/timeline', { token: carol.accessToken })).body.items)).toContain(
      danPost.id,
    );

    expect(
      (await api.put(`/v1/users/${dan.user.username}/mute`, undefined, { token: carol.accessToken })).status,
    ).toBe(204);
    expect(ids((await api.get('/v1/me/mutes', { token: carol.accessToken })).body.items)).toEqual([
      dan.user.id,
    ]);
    const token = { token: carol.accessToken };
    expect(ids((await api.get('/v1/timeline', token)).body.items)).not.toContain(danPost.id);
    const notifications = (await api.get('/v1/notifications', token)).body.items as Item[];
    expect(notifications.flatMap((item) => item.actors ?? []).map((actor) => actor.id)).not.toContain(
      dan.user.id,
    );
    // Nothing else changes: the follow stays, the post and Dan's page are there, Dan is not told.
    expect((await api.get(`/v1/posts/${danPost.id}`, token)).status).toBe(200);
    expect(ids((await api.get(`/v1/users/${dan.user.username}/posts`, token)).body.items)).toContain(
      danPost.id,
    );
    expect(ids((await api.get(`/v1/users/${dan.user.username}/followers`)).body.items)).toContain(
      carol.user.id,
    );

    expect((await api.delete(`/v1/users/${dan.user.username}/mute`, token)).status).toBe(204);
    expect(ids((await api.get('/v1/timeline', token)).body.items)).toContain(danPost.id);
    const self = await api.put(`/v1/users/${carol.user.username}/mute`, undefined, token);
    expect([self.status, self.body.error.code]).toEqual([400, 'cannot_mute_self']);
  });
});

describe('protected accounts over HTTP', () => {
  it('turns follows into requests, shows posts only to approved followers, and 404s like a missing post', async () => {
    const [erin, finn, gus] = await Promise.all([
      insertVerifiedUser(),
      insertVerifiedUser(),
      insertVerifiedUser(),
    ]);
    const locked = await api.patch('/v1/me', { protected: true }, { token: erin.accessToken });
    expect([locked.status, locked.body.protected]).toEqual([200, true]);
    const tag = `prot${Date.now().toString(36)}`;
    const secret = await post(erin, `for followers only #${tag}`);
    await settle();

    const requested = await follow(finn, erin);
    expect([requested.status, requested.body]).toEqual([202, { state: 'requested' }]);
    expect((await follow(finn, erin)).status).toBe(202);
    const requests = await api.get('/v1/me/follow-requests', { token: erin.accessToken });
    expect(ids(requests.body.items)).toEqual([finn.user.id]);

    // Before acceptance Finn, and a stranger, get the very 404 a missing post gets.
    const missing = await api.get('/v1/posts/01JZZZZZZZZZZZZZZZZZZZZZZZ', { token: gus.accessToken });
    for (const reader of [finn, gus]) {
      const response = await api.get(`/v1/posts/${secret.id}`, { token: reader.accessToken });
      expect([response.status, response.body]).toEqual([missing.status, missing.body]);
      expect(
        (await api.get(`/v1/users/${erin.user.username}/posts`, { token: reader.accessToken })).status,
      ).toBe(404);
    }
    expect((await api.get(`/v1/posts/${secret.id}`)).status).toBe(404);
    expect((await api.get(`/v1/users/${erin.user.username}/followers`)).status).toBe(404);
    expect((await api.get(`/v1/users/${erin.user.username}/likes`)).status).toBe(404);
    // The profile itself shows, so people can ask.
    expect((await api.get(`/v1/users/${erin.user.username}`)).body.protected).toBe(true);

    const accepted = await api.put(`/v1/me/follow-requests/${finn.user.username}`, undefined, {
      token: erin.accessToken,
    });
    expect(accepted.status).toBe(204);
    expect((await api.get('/v1/me/follow-requests', { token: erin.accessToken })).body.items).toEqual([]);
    await settle();
    const finnToken = { token: finn.accessToken };
    expect((await api.get(`/v1/posts/${secret.id}`, finnToken)).status).toBe(200);
    expect(ids((await api.get(`/v1/users/${erin.user.username}/posts`, finnToken)).body.items)).toEqual([
      secret.id,
    ]);
    expect(ids((await api.get('/v1/timeline', finnToken)).body.items)).toContain(secret.id);
    // Even an approved follower cannot repost it, and it never shows in search or hashtag pages.
    const repost = await api.put(`/v1/posts/${secret.id}/repost`, undefined, finnToken);
    expect([repost.status, repost.body.error.code]).toEqual([403, 'post_not_repostable']);
    expect((await api.put(`/v1/posts/${secret.id}/like`, undefined, finnToken)).status).toBe(204);
    expect(ids((await api.get(`/v1/hashtags/${tag}/posts`, finnToken)).body.items)).toEqual([]);
    expect(ids((await api.get(`/v1/hashtags/${tag}/posts`, { token: erin.accessToken })).body.items)).toEqual(
      [secret.id],
    );
    // A stranger still cannot like it.
    expect((await api.put(`/v1/posts/${secret.id}/like`, undefined, { token: gus.accessToken })).status).toBe(
      404,
    );
  });

  it('rejects requests, refuses accepting one that does not exist, and accepts the rest when protection ends', async () => {
    const [hana, ivan, jo] = await Promise.all([
      insertVerifiedUser(),
      insertVerifiedUser(),
      insertVerifiedUser(),
    ]);
    const hanaToken = { token: hana.accessToken };
    expect((await api.patch('/v1/me', { protected: true }, hanaToken)).status).toBe(200);
    // The lower id asks first, so newest first is not the order of the ids.
    const [first, second] = [ivan, jo].sort((a, b) => (a.user.id < b.user.id ? -1 : 1)) as [
      TestUser,
      TestUser,
    ];
    expect((await follow(first, hana)).status).toBe(202);
    expect((await follow(second, hana)).status).toBe(202);
    await settle();
    const listed = await api.get('/v1/me/follow-requests?limit=1', hanaToken);
    expect(ids(listed.body.items)).toEqual([second.user.id]);
    const rest = await api.get(`/v1/me/follow-requests?limit=1&cursor=${listed.body.nextCursor}`, hanaToken);
    expect(ids(rest.body.items)).toEqual([first.user.id]);
    const requestNotifications = async () =>
      ((await api.get('/v1/notifications?types=follow_request', hanaToken)).body.items as Item[]).map(
        (item) => (item.actors ?? []).map((actor) => actor.id).join(),
      );
    expect(await requestNotifications()).toEqual([second.user.id, first.user.id]);
    const badType = await api.get('/v1/notifications?types=follow_requests', hanaToken);
    expect(badType.status).toBe(400);
    // A withdrawn request (unfollow) takes its notification with it; asking again brings a new one.
    expect(
      (await api.delete(`/v1/users/${hana.user.username}/follow`, { token: first.accessToken })).status,
    ).toBe(204);
    await settle();
    expect(await requestNotifications()).toEqual([second.user.id]);
    expect((await follow(first, hana)).status).toBe(202);
    await settle();
    expect((await requestNotifications()).sort()).toEqual([first.user.id, second.user.id].sort());

    const none = await api.put(`/v1/me/follow-requests/${hana.user.username}`, undefined, {
      token: ivan.accessToken,
    });
    expect([none.status, none.body.error.code]).toEqual([404, 'follow_request_not_found']);
    const unknown = await api.put('/v1/me/follow-requests/nobody_here_at_all', undefined, hanaToken);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'user_not_found']);

    expect((await api.delete(`/v1/me/follow-requests/${ivan.user.username}`, hanaToken)).status).toBe(204);
    const again = await api.delete(`/v1/me/follow-requests/${ivan.user.username}`, hanaToken);
    expect([again.status, again.body.error.code]).toEqual([404, 'follow_request_not_found']);
    await settle();
    expect(await requestNotifications()).toEqual([jo.user.id]);

    const opened = await api.patch('/v1/me', { protected: false }, hanaToken);
    expect([opened.status, opened.body.protected, opened.body.followerCount]).toEqual([200, false, 1]);
    expect(ids((await api.get(`/v1/users/${hana.user.username}/followers`)).body.items)).toEqual([
      jo.user.id,
    ]);
    expect((await api.get('/v1/me/follow-requests', hanaToken)).body.items).toEqual([]);
    // Accepted: the request's notification goes, and the follow's comes.
    await settle();
    expect(await requestNotifications()).toEqual([]);
    const follows = (await api.get('/v1/notifications?types=follow', hanaToken)).body.items as Item[];
    expect(follows.flatMap((item) => (item.actors ?? []).map((actor) => actor.id))).toEqual([jo.user.id]);
    // Public again: a follow is a follow.
    expect((await follow(ivan, hana)).status).toBe(204);
  });
});
