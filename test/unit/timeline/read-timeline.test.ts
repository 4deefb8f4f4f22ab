import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { Post } from '#shared/domain/post';
import {
  type PositionedPost,
  readTimeline,
  TIMELINE_RULES,
  type TimelineReader,
} from '#shared/domain/timeline';

const NOW = new Date('2026-11-26T12:00:00Z');
const clock = { now: () => NOW };

function makePost(authorId: string, minutesAgo: number): Post {
  const createdAt = new Date(NOW.getTime() - minutesAgo * 60_000);
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

/** An in-memory reader that counts its queries, with the same semantics as the repository. */
function fakeReader(timeline: Array<Post | PositionedPost>, celebrities: Record<string, Post[]>) {
  const calls: string[] = [];
  const positioned = (entries: Array<Post | PositionedPost>) =>
    entries.map((entry) => ('position' in entry ? entry : { position: entry.id, post: entry }));
  const page = (entries: Array<Post | PositionedPost>, before: string | undefined, limit: number) => {
    const older = positioned(entries)
      .sort((a, b) => (a.position < b.position ? 1 : -1))
      .filter((entry) => before === undefined || entry.position < before);
    return { posts: older.slice(0, limit), exhausted: older.length <= limit };
  };
  const reader: TimelineReader = {
    entries: async (_owner, { before, limit }) => {
      calls.push('entries');
      const markers = before ? [] : Object.keys(celebrities);
      const result = page(timeline, before, limit - markers.length);
      return { ...result, pullSources: markers };
    },
    pullSources: async () => {
      calls.push('pullSources');
      return Object.keys(celebrities);
    },
    authorPosts: async (authorId, { before, limit }) => {
      calls.push(`author:${authorId}`);
      return page(celebrities[authorId] ?? [], before, limit);
    },
  };
  return { reader, calls };
}

async function readAll(reader: TimelineReader, limit: number) {
  const seen: Post[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await readTimeline({ timeline: reader, clock }, { ownerId: 'me', limit, cursor });
    seen.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return seen;
}

describe('reading the home timeline', () => {
  it('serves a page with exactly one query when no celebrity is followed', async () => {
    const posts = Array.from({ length: 30 }, (_, index) => makePost('friend', index));
    const { reader, calls } = fakeReader(posts, {});
    const page = await readTimeline({ timeline: reader, clock }, { ownerId: 'me', limit: 20 });
    expect(page.items.map((post) => post.id)).toEqual(posts.slice(0, 20).map((post) => post.id));
    expect(page.nextCursor).not.toBeNull();
    expect(calls).toEqual(['entries']);
  });

  it('merges followed celebrities newest first with one extra query each, across pages, without gaps or doubles', async () => {
    const own = Array.from({ length: 23 }, (_, index) => makePost('friend', index * 3));
    const star = Array.from({ length: 17 }, (_, index) => makePost('star', index * 4 + 1));
    const idol = Array.from({ length: 9 }, (_, index) => makePost('idol', index * 7 + 2));
    const { reader, calls } = fakeReader(own, { star, idol });
    const seen = await readAll(reader, 10);
    const expected = [...own, ...star, ...idol].sort((a, b) => (a.id < b.id ? 1 : -1)).map((post) => post.id);
    expect(seen.map((post) => post.id)).toEqual(expected);
    expect(calls.slice(0, 3)).toEqual(['entries', 'author:star', 'author:idol']);
    expect(calls).not.toContain('pullSources');
    expect(calls.filter((call) => call === 'entries')).toHaveLength(calls.length / 3);
  });

  it.each([
    [20, false],
    [25, true],
  ])(
    'keeps the cursor under 1 KB following %i celebrities (re-reading markers: %s)',
    async (count, rereads) => {
      const celebrities = Object.fromEntries(
        Array.from({ length: count }, (_, index) => [ulid(), [makePost(`c${index}`, index + 1)]]),
      );
      const { reader, calls } = fakeReader([makePost('friend', 0)], celebrities);
      const page = await readTimeline({ timeline: reader, clock }, { ownerId: 'me', limit: 5 });
      expect(page.nextCursor?.length).toBeLessThanOrEqual(1024);
      await readTimeline(
        { timeline: reader, clock },
        { ownerId: 'me', limit: 5, cursor: page.nextCursor ?? undefined },
      );
      expect(calls.includes('pullSources')).toBe(rereads);
    },
  );

  it('serves a post reached directly and through two reposts once, at the newest repost, across pages', async () => {
    const original = makePost('ada', 100);
    const repostAt = (minutesAgo: number, by: string): PositionedPost => ({
      position: ulid(NOW.getTime() - minutesAgo * 60_000),
      post: { ...original, repostedBy: { id: by, username: by, firstName: by, lastName: 'X' } },
    });
    const filler = Array.from({ length: 12 }, (_, index) => makePost('friend', 5 + index * 7));
    const timeline = [original, repostAt(60, 'dave'), repostAt(2, 'bob'), ...filler];
    const { reader } = fakeReader(timeline, {});

    const seen = await readAll(reader, 3);

    expect(seen.filter((post) => post.id === original.id)).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id: original.id, repostedBy: { username: 'bob' } });
    expect(seen).toHaveLength(filler.length + 1);
  });

  it('serves a post that is both an entry and a pulled post once', async () => {
    const shared = makePost('star', 5);
    const { reader } = fakeReader([shared], { star: [shared] });
    expect((await readAll(reader, 5)).map((post) => post.id)).toEqual([shared.id]);
  });

  it('stops at the end of the timeline window', async () => {
    const fresh = makePost('friend', 10);
    const stale = makePost('friend', (TIMELINE_RULES.entryTtlDays + 1) * 24 * 60);
    const { reader } = fakeReader([fresh, stale], {});
    const page = await readTimeline({ timeline: reader, clock }, { ownerId: 'me', limit: 20 });
    expect(page.items.map((post) => post.id)).toEqual([fresh.id]);
    expect(page.nextCursor).toBeNull();
  });

  it('stops after the maximum depth', async () => {
    const posts = Array.from({ length: TIMELINE_RULES.maxEntries + 50 }, (_, index) => makePost('f', index));
    const { reader } = fakeReader(posts, {});
    expect(await readAll(reader, 100)).toHaveLength(TIMELINE_RULES.maxEntries);
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['a foreign cursor', Buffer.from(JSON.stringify([1, { PK: 'X', SK: 'Y' }])).toString('base64url')],
    [
      'a cursor too deep',
      Buffer.from(JSON.stringify({ v: 1, before: ulid(), pull: false, depth: 5000 })).toString('base64url'),
    ],
  ])('rejects %s as invalid_cursor', async (_, cursor) => {
    const { reader } = fakeReader([], {});
    await expect(
      readTimeline({ timeline: reader, clock }, { ownerId: 'me', limit: 5, cursor }),
    ).rejects.toMatchObject({
      code: 'invalid_cursor',
      statusCode: 400,
    });
  });
});
