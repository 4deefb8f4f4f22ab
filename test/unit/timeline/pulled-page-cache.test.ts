import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { Post } from '#shared/domain/post';
import {
  type AuthorPage,
  type AuthorPageRead,
  type DigestsRead,
  type PulledPagesOptions,
  pulledAuthorPages,
} from '#shared/domain/pulled-page-cache';
import type { PostHydration } from '#shared/domain/read-stages';
import { type PositionedPost, readTimeline, type TimelineReader } from '#shared/domain/timeline';

const START = new Date('2026-11-26T12:00:00Z').getTime();
const TTL_MS = 5_000;

function manualClock() {
  let now = START;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

function makePost(authorId: string, minutesAgo: number): Post {
  const createdAt = new Date(START - minutesAgo * 60_000);
  return {
    id: ulid(createdAt.getTime()),
    author: { id: authorId, username: authorId, firstName: 'A', lastName: 'B' },
    text: `post by ${authorId}`,
    entities: { urls: [], mentions: [], hashtags: [] },
    replyTo: null,
    attachments: [],
    createdAt: createdAt.toISOString(),
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
  };
}

/** Authors' pages in memory (newest first, like the repository), recording every read. */
function fakeAuthors(pages: Record<string, Post[]>) {
  const reads: Array<{ authorId: string; before?: string | undefined; limit: number }> = [];
  const read: AuthorPageRead = async (authorId, page) => {
    reads.push({ authorId, ...page });
    const older: PositionedPost[] = (pages[authorId] ?? [])
      .map((post) => ({ position: post.id, post }))
      .sort((a, b) => (a.position < b.position ? 1 : -1))
      .filter((entry) => page.before === undefined || entry.position < page.before);
    return { posts: older.slice(0, page.limit), exhausted: older.length <= page.limit };
  };
  return { read, reads, pages };
}

const ids = (page: AuthorPage) => page.posts.map((entry) => entry.post.id);

/** One author's page through the many-author read. */
function oneAuthor(read: ReturnType<typeof pulledAuthorPages>): AuthorPageRead {
  return async (authorId, page) => (await read([authorId], page))[0] as AuthorPage;
}

function setUp(
  pages: Record<string, Post[]>,
  options: Partial<Pick<PulledPagesOptions, 'maxAuthors' | 'window' | 'ttlMs' | 'readDigests'>> = {},
) {
  const clock = manualClock();
  const authors = fakeAuthors(pages);
  const many = pulledAuthorPages(authors.read, {
    clock,
    ttlMs: options.ttlMs ?? TTL_MS,
    maxAuthors: options.maxAuthors ?? 10,
    window: options.window ?? 4,
    inFlight: 16,
    ...(options.readDigests ? { readDigests: options.readDigests } : {}),
  });
  return { clock, authors, cached: oneAuthor(many), many };
}

describe('the shared cache of pulled pages', () => {
  it('serves the same newest page to a second reader within the TTL without reading again', async () => {
    const star = [makePost('star', 3), makePost('star', 2), makePost('star', 1)];
    const { authors, cached } = setUp({ star });
    const first = await cached('star', { limit: 2 });
    const second = await cached('star', { limit: 2 });
    expect(ids(second)).toEqual(ids(first));
    expect(ids(second)).toEqual([star[2]?.id, star[1]?.id]);
    expect(second.exhausted).toBe(false);
    expect(authors.reads).toEqual([{ authorId: 'star', limit: 4 }]);
  });

  it('shows a post written since only once the TTL has passed', async () => {
    const { clock, authors, cached } = setUp({ star: [makePost('star', 2)] });
    await cached('star', { limit: 2 });
    const newer = makePost('star', 1);
    authors.pages.star?.push(newer);
    clock.advance(TTL_MS - 1);
    expect(ids(await cached('star', { limit: 2 }))).not.toContain(newer.id);
    clock.advance(1);
    expect(ids(await cached('star', { limit: 2 }))[0]).toBe(newer.id);
    expect(authors.reads).toHaveLength(2);
  });

  it('lets concurrent readers of one author share a single read', async () => {
    const { authors, cached } = setUp({ star: [makePost('star', 1)] });
    await Promise.all([
      cached('star', { limit: 2 }),
      cached('star', { limit: 2 }),
      cached('star', { limit: 1 }),
    ]);
    expect(authors.reads).toHaveLength(1);
  });

  it('keeps at most maxAuthors, evicting the least recently read', async () => {
    const pages = { a: [makePost('a', 1)], b: [makePost('b', 1)], c: [makePost('c', 1)] };
    const { authors, cached } = setUp(pages, { maxAuthors: 2 });
    await cached('a', { limit: 2 });
    await cached('b', { limit: 2 });
    await cached('a', { limit: 2 }); // a is now more recent than b
    await cached('c', { limit: 2 }); // evicts b
    expect(authors.reads.map((read) => read.authorId)).toEqual(['a', 'b', 'c']);
    await cached('a', { limit: 2 });
    await cached('c', { limit: 2 });
    expect(authors.reads).toHaveLength(3);
    await cached('b', { limit: 2 });
    expect(authors.reads.map((read) => read.authorId)).toEqual(['a', 'b', 'c', 'b']);
  });

  it('answers a deeper page inside the cached window and reads pages beyond it', async () => {
    const star = Array.from({ length: 10 }, (_, index) => makePost('star', 10 - index)).reverse(); // newest first
    const { authors, cached } = setUp({ star }, { window: 4 });
    await cached('star', { limit: 2 });
    const second = await cached('star', { before: star[1]?.id, limit: 2 });
    expect(ids(second)).toEqual([star[2]?.id, star[3]?.id]);
    expect(authors.reads).toHaveLength(1);
    const beyond = await cached('star', { before: star[3]?.id, limit: 2 });
    expect(ids(beyond)).toEqual([star[4]?.id, star[5]?.id]);
    expect(authors.reads.at(-1)).toEqual({ authorId: 'star', before: star[3]?.id, limit: 2 });
    const large = await cached('star', { limit: 5 });
    expect(ids(large)).toHaveLength(5);
    expect(authors.reads.at(-1)).toEqual({ authorId: 'star', limit: 5 });
  });

  it('answers any depth from a cached page that is the whole of the author, and says it is exhausted', async () => {
    const star = [makePost('star', 1), makePost('star', 2)];
    const { authors, cached } = setUp({ star });
    expect((await cached('star', { limit: 2 })).exhausted).toBe(true);
    const deeper = await cached('star', { before: star[0]?.id, limit: 2 });
    expect(ids(deeper)).toEqual([star[1]?.id]);
    expect(deeper.exhausted).toBe(true);
    expect(authors.reads).toHaveLength(1);
  });

  it('does not read ahead for a deeper page when nothing is cached', async () => {
    const star = [makePost('star', 1), makePost('star', 2)];
    const { authors, cached } = setUp({ star });
    await cached('star', { before: star[0]?.id, limit: 2 });
    expect(authors.reads).toEqual([{ authorId: 'star', before: star[0]?.id, limit: 2 }]);
  });

  it('does not keep a failed read', async () => {
    const clock = manualClock();
    let fail = true;
    let reads = 0;
    const cached = oneAuthor(
      pulledAuthorPages(
        async () => {
          reads++;
          if (fail) throw new Error('throttled');
          return { posts: [], exhausted: true };
        },
        { clock, ttlMs: TTL_MS, maxAuthors: 10, window: 4, inFlight: 16 },
      ),
    );
    await expect(cached('star', { limit: 2 })).rejects.toThrow('throttled');
    fail = false;
    await expect(cached('star', { limit: 2 })).resolves.toEqual({ posts: [], exhausted: true });
    expect(reads).toBe(2);
  });

  it('reads every time when the TTL is 0', async () => {
    const { authors, cached } = setUp({ star: [makePost('star', 1)] }, { ttlMs: 0 });
    await cached('star', { limit: 2 });
    await cached('star', { limit: 2 });
    expect(authors.reads).toHaveLength(2);
  });

  it('never carries one reader’s viewer state to another reader', async () => {
    const starPost = makePost('star', 1);
    const { clock, authors, cached, many } = setUp({ star: [starPost] });
    const reader: TimelineReader = {
      entries: async () => ({ posts: [], pullSources: ['star'], exhausted: true }),
      pullSources: async () => ['star'],
      authorPosts: authors.read,
      pulledAuthorPages: many,
    };
    // Only ann has liked the celebrity's post.
    const hydration: PostHydration = {
      currentPosts: async (refs) => (refs.some((ref) => ref.postId === starPost.id) ? [starPost] : []),
      engagedBetween: async (userId) => (userId === 'ann' ? [{ kind: 'like', postId: starPost.id }] : []),
      relationships: {
        viewerRelations: async () => ({ blocked: new Set(), muted: new Set() }),
        standings: async (_viewer, otherIds) =>
          new Map(
            otherIds.map((id) => [
              id,
              { protected: false, blocksViewer: false, followedByViewer: true, inactive: false },
            ]),
          ),
      },
    };
    const read = (ownerId: string) =>
      readTimeline({ timeline: reader, clock, hydration }, { ownerId, limit: 2 });
    const ann = await read('ann');
    const bob = await read('bob');
    expect(authors.reads).toHaveLength(1);
    expect(ann.items[0]?.viewer).toMatchObject({ liked: true });
    expect(bob.items[0]?.id).toBe(starPost.id);
    expect(bob.items[0]?.viewer?.liked ?? false).toBe(false);
    // What the cache holds cannot be written to by any stage.
    const held = (await cached('star', { limit: 1 })).posts[0];
    expect(Object.isFrozen(held) && Object.isFrozen(held?.post)).toBe(true);
  });

  it('pulls other celebrities through the cache, but never the reader’s own page', async () => {
    const pulledThrough: string[] = [];
    const authors = fakeAuthors({ me: [makePost('me', 2)], star: [makePost('star', 1)] });
    const reader: TimelineReader = {
      entries: async () => ({ posts: [], pullSources: ['me', 'star'], exhausted: true }),
      pullSources: async () => ['me', 'star'],
      authorPosts: async (authorId, page) => {
        pulledThrough.push(`direct:${authorId}`);
        return authors.read(authorId, page);
      },
      pulledAuthorPages: async (authorIds, page) =>
        Promise.all(
          authorIds.map((authorId) => {
            pulledThrough.push(`cache:${authorId}`);
            return authors.read(authorId, page);
          }),
        ),
    };
    const page = await readTimeline({ timeline: reader, clock: manualClock() }, { ownerId: 'me', limit: 5 });
    expect(page.items).toHaveLength(2);
    expect(pulledThrough.sort()).toEqual(['cache:star', 'direct:me']);
  });

  describe('with page digests', () => {
    /** Digests in memory: each author's newest `held` posts (the whole page when `held` covers it). */
    function digestsOf(pages: Record<string, Post[]>, held: number) {
      const asked: Array<{ authorIds: string[]; entries?: number }> = [];
      const read: DigestsRead = async (authorIds, entries) => {
        asked.push({ authorIds: [...authorIds], ...(entries === undefined ? {} : { entries }) });
        return new Map(
          authorIds.flatMap((id) => {
            const posts = pages[id];
            if (!posts) return [];
            const newest = [...posts]
              .sort((a, b) => (a.id < b.id ? 1 : -1))
              .map((post) => ({ position: post.id, post }))
              .slice(0, held);
            const complete = posts.length <= held;
            const partial = entries !== undefined && entries < newest.length;
            const read = newest.slice(0, entries ?? held);
            return [[id, { posts: read, exhausted: complete && !partial }] as const];
          }),
        );
      };
      return { read, asked };
    }

    it('reads every digest in one read and Queries only the celebrities without one', async () => {
      const withDigest = { a: [makePost('a', 1)], b: [makePost('b', 2)] };
      const digests = digestsOf(withDigest, 4);
      const { authors, many } = setUp(
        { ...withDigest, c: [makePost('c', 3)] },
        { readDigests: digests.read },
      );
      const pages = await many(['a', 'b', 'c'], { limit: 2 });
      expect(pages.map(ids)).toEqual([[withDigest.a[0]?.id], [withDigest.b[0]?.id], [expect.any(String)]]);
      // With a cache to keep them in, the digests are read whole (DynamoDB bills them whole anyway).
      expect(digests.asked).toEqual([{ authorIds: ['a', 'b', 'c'] }]);
      expect(authors.reads).toEqual([{ authorId: 'c', limit: 4 }]);
      // Within the TTL, nothing is read again.
      await many(['a', 'b', 'c'], { limit: 2 });
      expect(digests.asked).toHaveLength(1);
      expect(authors.reads).toHaveLength(1);
    });

    it('answers a deeper page from a digest, and Queries what a short digest cannot answer', async () => {
      const star = Array.from({ length: 10 }, (_, index) => makePost('star', index + 1)); // newest first
      const digests = digestsOf({ star }, 4);
      const { authors, cached } = setUp({ star }, { readDigests: digests.read, ttlMs: 0 });
      const second = await cached('star', { before: star[1]?.id, limit: 2 });
      expect(ids(second)).toEqual([star[2]?.id, star[3]?.id]);
      expect(authors.reads).toEqual([]);
      const third = await cached('star', { before: star[3]?.id, limit: 2 });
      expect(ids(third)).toEqual([star[4]?.id, star[5]?.id]);
      expect(authors.reads).toEqual([{ authorId: 'star', before: star[3]?.id, limit: 2 }]);
      // The cache is off, so each request read the digests again.
      expect(digests.asked).toHaveLength(2);
    });

    it('without a cache, reads only a first page of each digest, and the digests whole (in one read) when a deeper page needs more', async () => {
      const star = Array.from({ length: 10 }, (_, index) => makePost('star', index + 1)); // newest first
      const other = Array.from({ length: 10 }, (_, index) => makePost('other', index + 1));
      const digests = digestsOf({ star, other }, 4);
      const { authors, many } = setUp({ star, other }, { readDigests: digests.read, ttlMs: 0 });
      const first = await many(['star', 'other'], { limit: 2 });
      expect(first.map(ids)).toEqual([
        [star[0]?.id, star[1]?.id],
        [other[0]?.id, other[1]?.id],
      ]);
      expect(first.every((page) => !page.exhausted)).toBe(true);
      expect(digests.asked).toEqual([{ authorIds: ['star', 'other'], entries: 2 }]);
      const second = await many(['star', 'other'], { before: star[1]?.id, limit: 2 });
      expect(ids(second[0] as AuthorPage)).toEqual([star[2]?.id, star[3]?.id]);
      expect(digests.asked.slice(1)).toEqual([{ authorIds: ['star', 'other'] }]);
      expect(authors.reads).toEqual([]);
    });

    it('with a cache, keeps whole digests: a deeper page inside them reads nothing', async () => {
      const star = Array.from({ length: 10 }, (_, index) => makePost('star', index + 1)); // newest first
      const digests = digestsOf({ star }, 4);
      const { authors, cached } = setUp({ star }, { readDigests: digests.read });
      await cached('star', { limit: 2 });
      const second = await cached('star', { before: star[1]?.id, limit: 2 });
      expect(ids(second)).toEqual([star[2]?.id, star[3]?.id]);
      expect(digests.asked).toEqual([{ authorIds: ['star'] }]);
      expect(authors.reads).toEqual([]);
    });

    it('does not read ahead for a deeper page of a celebrity without a digest', async () => {
      const star = [makePost('star', 1), makePost('star', 2)];
      const digests = digestsOf({}, 4);
      const { authors, cached } = setUp({ star }, { readDigests: digests.read });
      await cached('star', { before: star[0]?.id, limit: 2 });
      expect(authors.reads).toEqual([{ authorId: 'star', before: star[0]?.id, limit: 2 }]);
      // Nothing was kept: the newest page is read (and kept) when asked for.
      await cached('star', { limit: 2 });
      await cached('star', { limit: 2 });
      expect(authors.reads.slice(1)).toEqual([{ authorId: 'star', limit: 4 }]);
    });
  });
});
