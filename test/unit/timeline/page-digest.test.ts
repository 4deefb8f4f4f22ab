import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import {
  applyDigestChange,
  buildPageDigest,
  changePageDigest,
  mergeWithPage,
  PAGE_DIGEST_RULES,
  type PageDigest,
} from '#shared/domain/page-digest';
import type { Post } from '#shared/domain/post';
import type { PositionedPost } from '#shared/domain/timeline';
import { memoryPageDigests } from '#test/support/memory-page-digests';

const START = new Date('2026-12-01T12:00:00Z').getTime();

const made = new Map<number, PositionedPost>();

/** The star's entry `minutes` after START (later minutes are newer); the same entry for the same minute. */
function entry(minutes: number): PositionedPost {
  const known = made.get(minutes);
  if (known) return known;
  const id = ulid(START + minutes * 60_000);
  const post: Post = {
    id,
    author: { id: 'star', username: 'star', firstName: 'S', lastName: 'T' },
    text: `post ${minutes}`,
    entities: { urls: [], mentions: [], hashtags: [] },
    replyTo: null,
    attachments: [],
    createdAt: new Date(START + minutes * 60_000).toISOString(),
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
  };
  made.set(minutes, { position: id, post });
  return { position: id, post };
}

const positions = (digest: PageDigest | undefined) => digest?.entries.map((held) => held.position);
/** Entries at these minutes, newest first. */
const entries = (...minutes: number[]) =>
  minutes.map(entry).sort((a, b) => (a.position < b.position ? 1 : -1));

describe('a page digest change', () => {
  it('puts a newer entry in, newest first', () => {
    const digest = { entries: entries(2, 1), complete: false, removed: [] };
    const next = applyDigestChange(digest, { op: 'add', entry: entry(3) });
    expect(positions(next)).toEqual(positions({ entries: entries(3, 2, 1), complete: false, removed: [] }));
    expect(next?.complete).toBe(false);
  });

  it('leaves out an entry older than an incomplete digest holds (what lies between may be missing)', () => {
    expect(
      applyDigestChange(
        { entries: entries(5, 4), complete: false, removed: [] },
        { op: 'add', entry: entry(1) },
      ),
    ).toBe(undefined);
    expect(
      applyDigestChange({ entries: [], complete: false, removed: [] }, { op: 'add', entry: entry(9) }),
    ).toBe(undefined);
  });

  it('takes any entry into a digest that is the whole page', () => {
    const next = applyDigestChange(
      { entries: entries(5), complete: true, removed: [] },
      { op: 'add', entry: entry(1) },
    );
    expect(positions(next)).toEqual(positions({ entries: entries(5, 1), complete: true, removed: [] }));
    expect(next?.complete).toBe(true);
  });

  it('keeps the newest window, and then is no longer the whole page', () => {
    const full = {
      entries: entries(...Array.from({ length: PAGE_DIGEST_RULES.window }, (_, i) => i + 1)),
      complete: true,
      removed: [],
    };
    const next = applyDigestChange(full, { op: 'add', entry: entry(100) });
    expect(next?.entries).toHaveLength(PAGE_DIGEST_RULES.window);
    expect(next?.entries[0]?.position).toBe(entry(100).position);
    expect(positions(next)).not.toContain(entry(1).position);
    expect(next?.complete).toBe(false);
  });

  it('removes an entry, and changes nothing on a replay of either change', () => {
    const digest = { entries: entries(3, 2, 1), complete: true, removed: [] };
    const removed = applyDigestChange(digest, { op: 'remove', position: entry(2).position });
    expect(positions(removed)).toEqual(positions({ entries: entries(3, 1), complete: true, removed: [] }));
    expect(applyDigestChange(removed as PageDigest, { op: 'remove', position: entry(2).position })).toBe(
      undefined,
    );
    expect(applyDigestChange(digest, { op: 'add', entry: entry(3) })).toBe(undefined);
    // A removed position never comes back: not by a replayed add either.
    expect(applyDigestChange(removed as PageDigest, { op: 'add', entry: entry(2) })).toBe(undefined);
  });

  it('remembers a removal it holds no entry for only where a read of the page could bring it back', () => {
    const short = applyDigestChange(
      { entries: entries(9, 8), complete: false, removed: [] },
      { op: 'remove', position: entry(1).position },
    );
    expect(short?.removed).toEqual([entry(1).position]);
    const full = {
      entries: entries(...Array.from({ length: PAGE_DIGEST_RULES.window }, (_, i) => i + 10)),
      complete: false,
      removed: [],
    };
    expect(applyDigestChange(full, { op: 'remove', position: entry(1).position })).toBe(undefined);
    const many = Array.from(
      { length: PAGE_DIGEST_RULES.rememberRemoved + 5 },
      (_, i) => entry(200 + i).position,
    );
    let digest: PageDigest = { entries: [], complete: true, removed: [] };
    for (const position of many) digest = applyDigestChange(digest, { op: 'remove', position }) ?? digest;
    expect(digest.removed).toEqual(many.slice(-PAGE_DIGEST_RULES.rememberRemoved));
  });

  it('merges a page read with what the digest holds, leaving out removals the index may still show', () => {
    const merged = mergeWithPage(
      { entries: entries(9), complete: false, removed: [entry(4).position] },
      { posts: entries(5, 4, 3), exhausted: true },
    );
    expect(positions(merged)).toEqual(positions({ entries: entries(9, 5, 3), complete: true, removed: [] }));
    expect(merged.complete).toBe(true);
  });
});

describe('changing a stored page digest', () => {
  it('writes nothing for an author without a digest', async () => {
    const digests = memoryPageDigests();
    await changePageDigest(digests.storage, 'star', { op: 'add', entry: entry(1) });
    expect(digests.digests.size).toBe(0);
  });

  it('reads the page again when a removal leaves less than a page, keeping what the index does not show yet', async () => {
    const page = entries(...Array.from({ length: 30 }, (_, i) => i + 1));
    const digests = memoryPageDigests((_id, limit) => ({
      posts: page.slice(0, limit),
      exhausted: page.length <= limit,
    }));
    const justAdded = entry(50); // handled already, not yet in the (eventually consistent) index
    digests.digests.set('star', {
      digest: {
        entries: [justAdded, ...page.slice(0, PAGE_DIGEST_RULES.refillBelow - 1)],
        complete: false,
        removed: [],
      },
      version: 3,
    });
    const gone = page[0] as PositionedPost;
    await changePageDigest(digests.storage, 'star', { op: 'remove', position: gone.position });
    const held = digests.positions('star') ?? [];
    expect(held[0]).toBe(justAdded.position);
    expect(held).not.toContain(gone.position);
    expect(held).toHaveLength(30); // 29 left on the page and the one just added
    expect(digests.digests.get('star')?.digest.complete).toBe(true);
    expect(digests.digests.get('star')?.version).toBe(4);
  });

  it('does not bring back an entry removed earlier that the lagging index still shows, and writes nothing on a replay', async () => {
    const page = entries(...Array.from({ length: 30 }, (_, i) => i + 1));
    const undone = page[0] as PositionedPost; // removed from the digest, still on the (lagging) index
    const digests = memoryPageDigests((_id, limit) => ({ posts: page.slice(0, limit), exhausted: false }));
    digests.digests.set('star', {
      digest: {
        entries: page.slice(1, PAGE_DIGEST_RULES.refillBelow + 1),
        complete: false,
        removed: [undone.position],
      },
      version: 1,
    });
    const deleted = page[1] as PositionedPost;
    await changePageDigest(digests.storage, 'star', { op: 'remove', position: deleted.position });
    const held = digests.positions('star') ?? [];
    expect(held).toHaveLength(28);
    expect(held).not.toContain(undone.position);
    expect(held).not.toContain(deleted.position);
    expect(digests.digests.get('star')?.version).toBe(2);
    await changePageDigest(digests.storage, 'star', { op: 'remove', position: deleted.position });
    await changePageDigest(digests.storage, 'star', { op: 'remove', position: undone.position });
    expect(digests.digests.get('star')?.version).toBe(2);
  });

  it('tries again when a concurrent change wrote first, and gives up after its attempts', async () => {
    const digests = memoryPageDigests();
    digests.digests.set('star', { digest: { entries: entries(1), complete: true, removed: [] }, version: 1 });
    const write = digests.storage.write;
    let lost = 1;
    digests.storage.write = async (authorId, digest, expected) => {
      if (lost-- > 0) {
        // Another change lands between this one's read and write.
        const current = digests.digests.get(authorId);
        if (current) digests.digests.set(authorId, { ...current, version: current.version + 1 });
        return false;
      }
      return write(authorId, digest, expected);
    };
    await changePageDigest(digests.storage, 'star', { op: 'add', entry: entry(2) });
    expect(digests.positions('star')).toEqual(
      positions({ entries: entries(2, 1), complete: true, removed: [] }),
    );

    digests.storage.write = async () => false;
    await expect(changePageDigest(digests.storage, 'star', { op: 'add', entry: entry(3) })).rejects.toThrow(
      /kept changing/,
    );
  });
});

describe('building a page digest', () => {
  it('builds it from the page with the entry being handled, and keeps an existing one unless replacing', async () => {
    const page = entries(2, 1);
    const digests = memoryPageDigests(() => ({ posts: page, exhausted: true }));
    expect(await buildPageDigest(digests.storage, 'star', { including: entry(3) })).toBe('built');
    expect(digests.positions('star')).toEqual(
      positions({ entries: entries(3, 2, 1), complete: true, removed: [] }),
    );
    page.unshift(entry(4));
    expect(await buildPageDigest(digests.storage, 'star')).toBe('exists');
    expect(digests.positions('star')).toHaveLength(3);
    // A second post promoting the author at the same time gets into the digest the first one built.
    expect(await buildPageDigest(digests.storage, 'star', { including: entry(5) })).toBe('exists');
    expect(digests.positions('star')?.[0]).toBe(entry(5).position);
    digests.digests.get('star')?.digest.entries.shift();
    expect(await buildPageDigest(digests.storage, 'star', { replace: 'merge' })).toBe('built');
    expect(digests.positions('star')).toEqual(
      positions({ entries: entries(4, 3, 2, 1), complete: true, removed: [] }),
    );
  });

  it('rebuilds a digest from the page alone, keeping only what it remembers as removed', async () => {
    const page = entries(3, 2, 1);
    const digests = memoryPageDigests(() => ({ posts: page, exhausted: true }));
    digests.digests.set('star', {
      digest: { entries: entries(9, 2), complete: false, removed: [entry(1).position] },
      version: 5,
    });
    expect(await buildPageDigest(digests.storage, 'star', { replace: 'rebuild' })).toBe('built');
    expect(digests.positions('star')).toEqual(
      positions({ entries: entries(3, 2), complete: true, removed: [] }),
    );
    expect(digests.digests.get('star')?.digest.removed).toEqual([entry(1).position]);
  });
});
