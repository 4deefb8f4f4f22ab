/**
 * Likes, reposts and notifications over HTTP against the local stack: the real handlers, the real stream
 * poller delivering to the table-only reactions (fan-out, notifications, clean-up), DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack';
import { type ApiClient, apiClient } from '#test/factories/api-client';
import { insertVerifiedUser, type TestUser } from '#test/factories/users';
import { startTestStack } from '#test/support/local-stack';

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

type Item = { id: string; repostedBy?: { username: string }; viewer?: { liked: boolean; reposted: boolean } };

/** The stream work of a change, and of what it causes in turn (a deleted post's edges, then their records). */
async function settle() {
  await stack.streams.drain();
  await stack.streams.drain();
}

describe('likes, reposts and notifications over HTTP', () => {
  let ada: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;

  beforeAll(async () => {
    [ada, bob, carol, dave] = await Promise.all([
      insertVerifiedUser({ firstName: 'Ada' }),
      insertVerifiedUser({ firstName: 'Bob' }),
      insertVerifiedUser({ firstName: 'Carol' }),
      insertVerifiedUser({ firstName: 'Dave' }),
    ]);
    // Carol follows Bob and Ada: Ada's post reaches her directly and through Bob's repost.
    for (const followee of [bob, ada]) {
      const followed = await api.put(`/v1/users/${followee.user.username}/follow`, undefined, {
        token: carol.accessToken,
      });
      expect(followed.status).toBe(204);
    }
  }, 60_000);

  it('likes and reposts reach counts, notifications, timelines and viewer state, and go with the post', async () => {
    const post = (await api.post('/v1/posts', { text: 'engage with me' }, { token: ada.accessToken })).body;
    const path = `/v1/posts/${post.id}`;

    for (const user of [bob, dave]) {
      expect((await api.put(`${path}/like`, undefined, { token: user.accessToken })).status).toBe(204);
    }
    // Liking twice answers the same and changes nothing.
    expect((await api.put(`${path}/like`, undefined, { token: bob.accessToken })).status).toBe(204);
    expect((await api.put(`${path}/repost`, undefined, { token: bob.accessToken })).status).toBe(204);
    await settle();

    const stored = await api.get(path, { token: bob.accessToken });
    expect(stored.body).toMatchObject({
      likeCount: 2,
      repostCount: 1,
      viewer: { liked: true, reposted: true },
    });
    expect((await api.get(path)).body.viewer).toBeUndefined();
    const likers = await api.get(`${path}/likes`);
    expect(likers.body.items.map((user: { id: string }) => user.id)).toEqual([dave.user.id, bob.user.id]);
    const reposters = await api.get(`${path}/reposts`);
    expect(reposters.body.items.map((user: { id: string }) => user.id)).toEqual([bob.user.id]);
    const bobsLikes = await api.get(`/v1/users/${bob.user.username}/likes`);
    expect(bobsLikes.body.items.map((item: Item) => item.id)).toEqual([post.id]);

    // Ada: one grouped like notification (Dave and 1 other), one repost notification, Carol's follow.
    const notifications = await api.get('/v1/notifications', { token: ada.accessToken });
    expect(notifications.status).toBe(200);
    const byType = Object.fromEntries(
      notifications.body.items.map((item: { type: string }) => [item.type, item] as const),
    );
    expect(byType.like).toMatchObject({ actorCount: 2, post: { id: post.id }, read: false });
    expect(byType.like.actors.map((actor: { id: string }) => actor.id)).toEqual([dave.user.id, bob.user.id]);
    expect(byType.repost).toMatchObject({ actorCount: 1, actors: [{ id: bob.user.id }] });
    const likesOnly = await api.get('/v1/notifications?types=like', { token: ada.accessToken });
    expect(likesOnly.body.items.map((item: { type: string }) => item.type)).toEqual(['like']);
    // Carol's follow is the third.
    expect(byType.follow).toMatchObject({ actors: [{ id: carol.user.id }], post: null });
    expect((await api.get('/v1/me', { token: ada.accessToken })).body.unreadNotifications).toBe(3);
    const newest = notifications.body.items[0].id;
    expect(
      (await api.post('/v1/notifications/read', { upTo: newest }, { token: ada.accessToken })).status,
    ).toBe(204);
    expect((await api.get('/v1/me', { token: ada.accessToken })).body.unreadNotifications).toBe(0);
    // Bob is not notified of his own doings: his only notification is Carol following him.
    const bobs = (await api.get('/v1/notifications', { token: bob.accessToken })).body.items;
    expect(bobs.map((item: { type: string }) => item.type)).toEqual(['follow']);
    expect(bobs[0]).toMatchObject({ actors: [{ id: carol.user.id }] });

    // Carol follows Bob and Ada: the post shows once, marked as Bob's repost; not liked by her.
    const carols = await api.get('/v1/timeline', { token: carol.accessToken });
    const shown = carols.body.items.filter((item: Item) => item.id === post.id);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({
      repostedBy: { username: bob.user.username },
      likeCount: 2,
      viewer: { liked: false, reposted: false },
    });

    // Bob undoes the repost: it leaves Carol's timeline as a repost (she still follows Ada).
    expect((await api.delete(`${path}/repost`, { token: bob.accessToken })).status).toBe(204);
    expect((await api.delete(`${path}/repost`, { token: bob.accessToken })).status).toBe(204);
    await settle();
    const after = (await api.get('/v1/timeline', { token: carol.accessToken })).body.items.filter(
      (item: Item) => item.id === post.id,
    );
    expect(after).toHaveLength(1);
    expect(after[0].repostedBy).toBeUndefined();
    expect((await api.get(path)).body.repostCount).toBe(0);

    // Ada deletes the post: gone everywhere, likes and notifications included.
    expect((await api.delete(path, { token: ada.accessToken })).status).toBe(204);
    await settle();
    expect((await api.get(path)).status).toBe(404);
    const carolsNow = await api.get('/v1/timeline', { token: carol.accessToken });
    expect(carolsNow.body.items.map((item: Item) => item.id)).not.toContain(post.id);
    expect((await api.get(`/v1/users/${bob.user.username}/likes`)).body.items).toEqual([]);
    const adasNow = await api.get('/v1/notifications', { token: ada.accessToken });
    expect(adasNow.body.items.filter((item: { post?: { id: string } }) => item.post?.id === post.id)).toEqual(
      [],
    );
  }, 120_000);

  it("shows reposts on the reposter's page, viewer state on every list, and follows carry reposts in and out", async () => {
    const tag = `viewer${Date.now().toString(36)}`;
    const post = (
      await api.post('/v1/posts', { text: `state everywhere #${tag}` }, { token: ada.accessToken })
    ).body;
    const reply = (
      await api.post('/v1/posts', { text: 'a reply', replyTo: post.id }, { token: carol.accessToken })
    ).body;
    for (const action of ['like', 'repost']) {
      const done = await api.put(`/v1/posts/${post.id}/${action}`, undefined, { token: bob.accessToken });
      expect(done.status).toBe(204);
    }
    await api.put(`/v1/posts/${reply.id}/like`, undefined, { token: bob.accessToken });
    await settle();

    const bobsPage = await api.get(`/v1/users/${bob.user.username}/posts`, { token: bob.accessToken });
    expect(bobsPage.body.items[0]).toMatchObject({
      id: post.id,
      author: { id: ada.user.id },
      repostedBy: { username: bob.user.username },
      viewer: { liked: true, reposted: true },
    });
    const lists = [
      `/v1/users/${bob.user.username}/posts`,
      `/v1/hashtags/${tag}/posts`,
      `/v1/search/posts?q=${encodeURIComponent(`#${tag}`)}`,
      `/v1/users/${bob.user.username}/likes`,
      `/v1/users/${ada.user.username}/posts`,
    ];
    for (const list of lists) {
      const signedIn = await api.get(list, { token: bob.accessToken });
      const found = signedIn.body.items.find((item: Item) => item.id === post.id);
      expect(found?.viewer, list).toEqual({ liked: true, reposted: true });
      const asCarol = await api.get(list, { token: carol.accessToken });
      expect(asCarol.body.items.find((item: Item) => item.id === post.id)?.viewer, list).toEqual({
        liked: false,
        reposted: false,
      });
      const anonymous = await api.get(list);
      expect(anonymous.body.items.find((item: Item) => item.id === post.id)?.viewer, list).toBeUndefined();
    }
    const replies = await api.get(`/v1/posts/${post.id}/replies`, { token: bob.accessToken });
    expect(replies.body.items[0]).toMatchObject({ id: reply.id, viewer: { liked: true, reposted: false } });

    // Dave follows Bob: the backfill brings Bob's repost; unfollowing takes it out again.
    expect(
      (await api.put(`/v1/users/${bob.user.username}/follow`, undefined, { token: dave.accessToken })).status,
    ).toBe(204);
    await settle();
    const daves = await api.get('/v1/timeline', { token: dave.accessToken });
    expect(daves.body.items.find((item: Item) => item.id === post.id)).toMatchObject({
      repostedBy: { username: bob.user.username },
    });
    expect(
      (await api.delete(`/v1/users/${bob.user.username}/follow`, { token: dave.accessToken })).status,
    ).toBe(204);
    await settle();
    const davesAfter = await api.get('/v1/timeline', { token: dave.accessToken });
    expect(davesAfter.body.items.map((item: Item) => item.id)).not.toContain(post.id);
  }, 120_000);

  it('answers bad inputs with a 4xx code and writes nothing', async () => {
    const post = (await api.post('/v1/posts', { text: 'short-lived' }, { token: ada.accessToken })).body;
    expect((await api.delete(`/v1/posts/${post.id}`, { token: ada.accessToken })).status).toBe(204);
    const unknown = '01JDZZZZZZZZZZZZZZZZZZZZZZ';

    const likeUnknown = await api.put(`/v1/posts/${unknown}/like`, undefined, { token: bob.accessToken });
    expect([likeUnknown.status, likeUnknown.body.error.code]).toEqual([404, 'post_not_found']);
    const likeDeleted = await api.put(`/v1/posts/${post.id}/like`, undefined, { token: bob.accessToken });
    expect([likeDeleted.status, likeDeleted.body.error.code]).toEqual([404, 'post_not_found']);
    const repostDeleted = await api.put(`/v1/posts/${post.id}/repost`, undefined, { token: bob.accessToken });
    expect([repostDeleted.status, repostDeleted.body.error.code]).toEqual([404, 'post_not_found']);
    const notAnId = await api.put('/v1/posts/nope/like', undefined, { token: bob.accessToken });
    expect(notAnId.status).toBe(400);
    const anonymous = await api.put(`/v1/posts/${unknown}/like`);
    expect(anonymous.status).toBe(401);

    // A cursor from another list (Bob's likes) is refused by the notifications list.
    const live = (await api.post('/v1/posts', { text: 'keep' }, { token: ada.accessToken })).body;
    const extra = (await api.post('/v1/posts', { text: 'keep too' }, { token: ada.accessToken })).body;
    await api.put(`/v1/posts/${live.id}/like`, undefined, { token: bob.accessToken });
    await api.put(`/v1/posts/${extra.id}/like`, undefined, { token: bob.accessToken });
    const firstPage = await api.get(`/v1/users/${bob.user.username}/likes?limit=1`);
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const foreign = await api.get(`/v1/notifications?cursor=${firstPage.body.nextCursor}`, {
      token: bob.accessToken,
    });
    expect([foreign.status, foreign.body.error.code]).toEqual([400, 'invalid_cursor']);
    const badTypes = await api.get('/v1/notifications?types=like,poke', { token: bob.accessToken });
    expect(badTypes.status).toBe(400);
    const badUpTo = await api.post(
      '/v1/notifications/read',
      { upTo: 'yesterday' },
      { token: bob.accessToken },
    );
    expect([badUpTo.status, badUpTo.body.error.code]).toEqual([400, 'invalid_notification_id']);

    // Nothing was written for the refused likes: the deleted post's likers list is not there at all.
    expect((await api.get(`/v1/posts/${post.id}/likes`)).status).toBe(404);
    expect((await api.get(`/v1/posts/${live.id}`)).body.likeCount).toBe(1);
  }, 120_000);
});
