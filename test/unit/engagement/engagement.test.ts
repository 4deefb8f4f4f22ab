import { describe, expect, it } from 'vitest';
import { fixedClock, seededIds } from '#shared/domain/clock';
import {
  disengage,
  type Engagement,
  type EngagementStore,
  engage,
  type PostVisibility,
  viewerStates,
} from '#shared/domain/engagement/engagement';
import type { Post } from '#shared/domain/post';
import { NotFoundError, RateLimitedError } from '#shared/errors';

function makePost(id: string, authorId = 'ada'): Post {
  return {
    id,
    author: { id: authorId, username: authorId, firstName: 'A', lastName: 'L' },
    text: 'hello',
    entities: { urls: [], mentions: [], hashtags: [] },
    replyTo: null,
    attachments: [],
    createdAt: '2026-12-01T10:00:00.000Z',
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
  };
}

/** An in-memory engagement store with the repository's semantics (edge and count change together). */
function memoryStore() {
  const edges = new Map<string, Engagement>();
  const counts = new Map<string, number>();
  const queries: string[][] = [];
  const key = (kind: string, userId: string, postId: string) => `${kind}|${userId}|${postId}`;
  const store: EngagementStore = {
    async add(engagement) {
      const k = key(engagement.kind, engagement.userId, engagement.postId);
      if (edges.has(k)) return false;
      edges.set(k, engagement);
      counts.set(
        `${engagement.kind}|${engagement.postId}`,
        (counts.get(`${engagement.kind}|${engagement.postId}`) ?? 0) + 1,
      );
      return true;
    },
    async remove(kind, userId, post) {
      const k = key(kind, userId, post.id);
      if (!edges.delete(k)) return false;
      counts.set(`${kind}|${post.id}`, (counts.get(`${kind}|${post.id}`) ?? 0) - 1);
      return true;
    },
    pageOfPost: async () => ({ items: [], nextCursor: null }),
    pageByUser: async () => ({ items: [], nextCursor: null }),
    async engagedBetween(userId, from, to) {
      queries.push([userId, from, to]);
      return [...edges.values()]
        .filter((edge) => edge.userId === userId && edge.postId >= from && edge.postId <= to)
        .map(({ kind, postId }) => ({ kind, postId }));
    },
  };
  return { store, counts, queries };
}

const POST_ID = '01JDAAAAAAAAAAAAAAAAAAAAAA';

function depsWith(options: { posts?: Post[]; canSee?: PostVisibility; limited?: boolean } = {}) {
  const memory = memoryStore();
  const posts = new Map((options.posts ?? [makePost(POST_ID)]).map((post) => [post.id, post]));
  const rateLimited: string[] = [];
  return {
    memory,
    rateLimited,
    deps: {
      engagements: memory.store,
      posts: { findById: async (id: string) => posts.get(id) },
      rateLimit: async (name: string) => {
        rateLimited.push(name);
        if (options.limited) throw new RateLimitedError(30);
      },
      canSee: options.canSee ?? (async () => true),
      clock: fixedClock(new Date('2026-12-01T12:00:00.000Z')),
      ids: seededIds('test'),
    },
  };
}

describe('engage', () => {
  it('likes a post once: a second like changes nothing', async () => {
    const { deps, memory } = depsWith();
    expect(await engage(deps, { kind: 'like', userId: 'bob', postId: POST_ID })).toBe(true);
    expect(await engage(deps, { kind: 'like', userId: 'bob', postId: POST_ID })).toBe(false);
    expect(memory.counts.get(`like|${POST_ID}`)).toBe(1);
  });

  it('records who wrote the post, so the like can notify them', async () => {
    const { deps } = depsWith();
    let added: Engagement | undefined;
    deps.engagements.add = async (engagement) => {
      added = engagement;
      return true;
    };
    await engage(deps, { kind: 'repost', userId: 'bob', postId: POST_ID });
    expect(added).toMatchObject({ kind: 'repost', userId: 'bob', postId: POST_ID, postAuthorId: 'ada' });
  });

  it('answers 404 post_not_found for an unknown post and writes nothing', async () => {
    const { deps, memory } = depsWith();
    await expect(
      engage(deps, { kind: 'like', userId: 'bob', postId: '01JDBBBBBBBBBBBBBBBBBBBBBB' }),
    ).rejects.toMatchObject({
      code: 'post_not_found',
    });
    expect(memory.counts.size).toBe(0);
  });

  it('answers a post the caller may not see exactly like a missing one', async () => {
    const { deps, memory } = depsWith({ canSee: async () => false });
    const attempt = engage(deps, { kind: 'repost', userId: 'carol', postId: POST_ID });
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toMatchObject({ code: 'post_not_found' });
    expect(memory.counts.size).toBe(0);
  });

  it('counts every attempt against the kind’s rate limit and writes nothing past it', async () => {
    const { deps, memory, rateLimited } = depsWith({ limited: true });
    await expect(engage(deps, { kind: 'like', userId: 'bob', postId: POST_ID })).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    await expect(disengage(deps, { kind: 'repost', userId: 'bob', postId: POST_ID })).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    expect(rateLimited).toEqual(['like:user', 'repost:user']);
    expect(memory.counts.size).toBe(0);
  });

  it('undoes a like once; undoing again changes nothing', async () => {
    const { deps, memory } = depsWith();
    await engage(deps, { kind: 'like', userId: 'bob', postId: POST_ID });
    expect(await disengage(deps, { kind: 'like', userId: 'bob', postId: POST_ID })).toBe(true);
    expect(await disengage(deps, { kind: 'like', userId: 'bob', postId: POST_ID })).toBe(false);
    expect(memory.counts.get(`like|${POST_ID}`)).toBe(0);
  });
});

describe('viewerStates', () => {
  it('answers a whole page from one query over the page’s id range', async () => {
    const ids = ['01JD0000000000000000000003', '01JD0000000000000000000001', '01JD0000000000000000000002'];
    const { deps, memory } = depsWith({ posts: ids.map((id) => makePost(id)) });
    await engage(deps, { kind: 'like', userId: 'bob', postId: ids[0] as string });
    await engage(deps, { kind: 'repost', userId: 'bob', postId: ids[0] as string });
    await engage(deps, { kind: 'repost', userId: 'bob', postId: ids[2] as string });
    await engage(deps, { kind: 'like', userId: 'carol', postId: ids[1] as string });

    const states = await viewerStates(deps.engagements.engagedBetween, 'bob', ids);

    expect(memory.queries).toEqual([['bob', ids[1], ids[0]]]);
    expect(Object.fromEntries(states)).toEqual({
      [ids[0] as string]: { liked: true, reposted: true },
      [ids[1] as string]: { liked: false, reposted: false },
      [ids[2] as string]: { liked: false, reposted: true },
    });
  });

  it('reads nothing for an empty page', async () => {
    const { deps, memory } = depsWith();
    expect((await viewerStates(deps.engagements.engagedBetween, 'bob', [])).size).toBe(0);
    expect(memory.queries).toEqual([]);
  });
});
