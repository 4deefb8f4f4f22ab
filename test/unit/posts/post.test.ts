import { describe, expect, it } from 'vitest';
import { createPostIdempotently } from '#shared/adapters/idempotent-posting';
import { ulidIds } from '#shared/domain/clock';
import { followUser, unfollowUser } from '#shared/domain/follow';
import { createPost, deletePost, type Post, type PostStore } from '#shared/domain/post';
import { listReplies, listUserPosts } from '#shared/domain/post-lists';
import type { User } from '#shared/domain/user';
import { makeLambdaContext } from '#test/factories/api-gateway-event';
import { makeRelationships } from '#test/factories/relationships';
import { makeUser } from '#test/factories/user-records';

const NOW = new Date('2026-11-26T12:00:00Z');

function fakes(users: User[], relationships = makeRelationships()) {
  const stored = new Map<string, Post>();
  const posts: PostStore = {
    insert: async (post) => void stored.set(post.id, post),
    findById: async (id) => stored.get(id),
    remove: async (post) => void stored.delete(post.id),
    pageByAuthor: async () => ({ items: [], nextCursor: null }),
    pageReplies: async () => ({ items: [], nextCursor: null }),
  };
  const directory = {
    getById: async (id: string) => users.find((user) => user.id === id),
    findByUsername: async (name: string) => users.find((user) => user.username === name.toLowerCase()),
  };
  return {
    stored,
    deps: { posts, users: directory, relationships, clock: { now: () => NOW }, ids: ulidIds },
  };
}

const ada = makeUser();
const bob = makeUser({ username: 'bob', firstName: 'Bob' });

describe('creating a post', () => {
  it('stores the normalised text, the author summary and the mentions of existing users only', async () => {
    const { deps, stored } = fakes([ada, bob]);
    const post = await createPost(deps, { authorId: ada.id, text: 'hi @Bob and @nobody cafe\u0301' });
    expect(post.text).toBe('hi @Bob and @nobody caf\u00e9');
    expect(post.author).toEqual({ id: ada.id, username: 'ada', firstName: 'Ada', lastName: 'Lovelace' });
    expect(post.entities.mentions).toEqual([{ start: 3, end: 7, username: 'bob', userId: bob.id }]);
    expect(post.createdAt).toBe(NOW.toISOString());
    expect(stored.get(post.id)).toEqual(post);
  });

  it('answers parent_not_found for a reply to an unknown post and writes nothing', async () => {
    const { deps, stored } = fakes([ada]);
    await expect(
      createPost(deps, { authorId: ada.id, text: 'reply', replyTo: '01JZZZZZZZZZZZZZZZZZZZZZZZ' }),
    ).rejects.toMatchObject({ code: 'parent_not_found', statusCode: 404 });
    expect(stored.size).toBe(0);
  });

  it('links a reply to its parent', async () => {
    const { deps } = fakes([ada, bob]);
    const parent = await createPost(deps, { authorId: ada.id, text: 'question?' });
    const reply = await createPost(deps, { authorId: bob.id, text: 'answer', replyTo: parent.id });
    expect(reply.replyTo).toBe(parent.id);
  });

  it('rejects text that breaks a rule before touching storage', async () => {
    const { deps, stored } = fakes([ada]);
    await expect(createPost(deps, { authorId: ada.id, text: 'x'.repeat(141) })).rejects.toMatchObject({
      code: 'post_too_long',
    });
    expect(stored.size).toBe(0);
  });
});

describe('deleting a post', () => {
  it('lets only the author delete: 403 for others, 404 for unknown posts', async () => {
    const { deps, stored } = fakes([ada, bob]);
    const post = await createPost(deps, { authorId: ada.id, text: 'mine' });
    await expect(deletePost(deps, { callerId: bob.id, postId: post.id })).rejects.toMatchObject({
      statusCode: 403,
    });
    await deletePost(deps, { callerId: ada.id, postId: post.id });
    expect(stored.size).toBe(0);
    await expect(deletePost(deps, { callerId: ada.id, postId: post.id })).rejects.toMatchObject({
      code: 'post_not_found',
      statusCode: 404,
    });
  });
});

describe('following', () => {
  const follows = {
    follow: async () => 'created' as const,
    unfollow: async () => true,
    pageFollowers: async () => ({ items: [], nextCursor: null }),
    pageFollowing: async () => ({ items: [], nextCursor: null }),
    request: async () => true,
    withdrawRequest: async () => true,
  };

  it('refuses to follow yourself with cannot_follow_self', async () => {
    const { deps } = fakes([ada]);
    const input = { followerId: ada.id, username: 'ADA' };
    await expect(followUser({ ...deps, follows }, input)).rejects.toMatchObject({
      code: 'cannot_follow_self',
      statusCode: 400,
    });
    await expect(unfollowUser({ ...deps, follows }, input)).rejects.toMatchObject({
      code: 'cannot_follow_self',
    });
  });

  it('answers user_not_found for an unknown username', async () => {
    const { deps } = fakes([ada]);
    await expect(
      followUser({ ...deps, follows }, { followerId: ada.id, username: 'ghost' }),
    ).rejects.toMatchObject({
      code: 'user_not_found',
      statusCode: 404,
    });
  });
});

describe('posting through the idempotency adapter with fake dependencies', () => {
  it('creates the post in the store it is given when no Idempotency-Key is sent', async () => {
    const { deps, stored } = fakes([ada]);
    const post = await createPostIdempotently(
      deps,
      { authorId: ada.id, text: 'hello' },
      undefined,
      makeLambdaContext(),
    );
    expect(stored.get(post.id)).toEqual(post);
  });
});

describe('post lists read as stages', () => {
  it("serves a user's page in the page reader's order with a cursor bound to that user, and replies in the store's order", async () => {
    const { deps } = fakes([ada]);
    const first = await createPost(deps, { authorId: ada.id, text: 'one' });
    const second = await createPost(deps, { authorId: ada.id, text: 'two' });
    const asked: Array<string | undefined> = [];
    const pages = {
      authorPosts: async (authorId: string, page: { before?: string | undefined; limit: number }) => {
        asked.push(page.before);
        const all = authorId === ada.id ? [second, first] : [];
        const older = all.filter((post) => page.before === undefined || post.id < page.before);
        return {
          posts: older.slice(0, page.limit).map((post) => ({ position: post.id, post })),
          exhausted: older.length <= page.limit,
        };
      },
    };
    deps.posts.pageReplies = async (parentId) =>
      parentId === first.id ? { items: [second], nextCursor: null } : { items: [], nextCursor: null };
    const readDeps = { ...deps, pages };
    const top = await listUserPosts(readDeps, { username: 'ada', limit: 1 });
    expect(top.items).toEqual([second]);
    const next = await listUserPosts(readDeps, { username: 'ada', limit: 1, cursor: top.nextCursor ?? '' });
    expect(next).toEqual({ items: [first], nextCursor: null });
    expect(asked).toEqual([undefined, second.id]);
    expect(await listReplies(readDeps, { postId: first.id, limit: 2 })).toEqual({
      items: [second],
      nextCursor: null,
    });
  });

  it("refuses a cursor of another user's page", async () => {
    const { deps } = fakes([ada, bob]);
    const post = await createPost(deps, { authorId: ada.id, text: 'one' });
    const pages = {
      authorPosts: async () => ({ posts: [{ position: post.id, post }], exhausted: false }),
    };
    const top = await listUserPosts({ ...deps, pages }, { username: 'ada', limit: 1 });
    await expect(
      listUserPosts({ ...deps, pages }, { username: 'bob', limit: 1, cursor: top.nextCursor ?? '' }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
  });
});
