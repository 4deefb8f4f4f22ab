/**
 * A celebrity's page digest: the newest entries of their page (posts and reposts, as the page shows them) kept
 * in one item by the fan-out reactions, so a home page pulling k celebrities reads their k digests in one
 * BatchGetItem instead of k Queries. docs/timeline.md ("Page digests") has the design and its costs.
 *
 * What keeps it right: `entries` are the page's newest entries with none missing between them (newest first, at
 * most `window`), and `complete` says they are the whole page. Each change keeps that:
 * - an entry newer than the oldest kept one (or any entry of a complete digest) goes in, the oldest falling out
 *   past the window; an older one stays out (entries between it and the digest may be missing);
 * - a removed entry goes, and its position is remembered (`removed`): positions are ULIDs that never come back,
 *   so neither a replayed add nor a read of the lagging page index can bring it back;
 * - a removal that leaves the digest shorter than a page reads the page again and merges it with what the
 *   digest holds, so entries the (eventually consistent) index does not show yet are kept.
 * Like every timeline entry, an entry goes in when its record is handled: records of different shards may be
 * handled in any order, and a record the stream gave up on is replayed from the failure queue
 * (`npm run replay-failures`). A reader serves a request from the digest only when it holds the request's whole
 * page (pulled-page-cache.ts); otherwise the page is read.
 */
import type { AuthorPage, PositionedPost } from './timeline';

export interface PageDigest {
  entries: PositionedPost[];
  complete: boolean;
  /** Positions removed lately (newest last, at most `rememberRemoved`): never to be put back. */
  removed: string[];
}

export type PageDigestChange = { op: 'add'; entry: PositionedPost } | { op: 'remove'; position: string };

/** Where digests are kept (shared/db/page-digest-repository.ts); `version` guards concurrent changes. */
export interface PageDigestStorage {
  /** The digest and its version; one that does not parse is `malformed` (and rebuilt by the next change). */
  read(authorId: string): Promise<{ digest: PageDigest; version: number; malformed?: boolean } | undefined>;
  /**
   * Writes the digest if its version is still `expectedVersion` (`null`: only if there is none); false when
   * another change came first (or the digest is gone).
   */
  write(authorId: string, digest: PageDigest, expectedVersion: number | null): Promise<boolean>;
  /** The author's newest page as the page index holds it (one Query, eventually consistent). */
  newestPage(authorId: string, limit: number): Promise<AuthorPage>;
}

export const PAGE_DIGEST_RULES = {
  /** Entries kept: two pages of 20, as the shared cache of pulled pages keeps. */
  window: 40,
  /** A removal that leaves fewer entries than this (one page) reads the page again. */
  refillBelow: 20,
  /** Removed positions remembered: more than a page index lags behind (seconds) sees removed in that time. */
  rememberRemoved: 50,
  /** Tries of one change against concurrent ones before the record fails (and is retried by the stream). */
  maxAttempts: 8,
} as const;

const newestFirst = (a: PositionedPost, b: PositionedPost) => (a.position < b.position ? 1 : -1);

/** The digest with the change applied, or undefined when it does not change (a replay, or out of its range). */
export function applyDigestChange(digest: PageDigest, change: PageDigestChange): PageDigest | undefined {
  if (change.op === 'remove') {
    if (digest.removed.includes(change.position)) return undefined;
    const oldest = digest.entries.at(-1)?.position;
    const full = !digest.complete && digest.entries.length >= PAGE_DIGEST_RULES.window;
    // Older than a full digest reaches: no read of the page's newest could bring it back, nothing to remember.
    if (full && oldest !== undefined && change.position < oldest) return undefined;
    return {
      entries: digest.entries.filter((entry) => entry.position !== change.position),
      complete: digest.complete,
      removed: [...digest.removed, change.position].slice(-PAGE_DIGEST_RULES.rememberRemoved),
    };
  }
  const { position } = change.entry;
  if (digest.removed.includes(position) || digest.entries.some((entry) => entry.position === position))
    return undefined;
  const oldest = digest.entries.at(-1)?.position;
  if (!digest.complete && (oldest === undefined || position < oldest)) return undefined;
  const entries = [...digest.entries, change.entry].sort(newestFirst);
  return entries.length > PAGE_DIGEST_RULES.window
    ? { ...digest, entries: entries.slice(0, PAGE_DIGEST_RULES.window), complete: false }
    : { ...digest, entries };
}

/**
 * The digest from the page as read, with the entries `held` holds kept (the page index may not show them yet)
 * and the removed positions left out (the index may still show them).
 */
export function mergeWithPage(held: PageDigest, page: AuthorPage): PageDigest {
  const removed = new Set(held.removed);
  const byPosition = new Map(page.posts.map((entry) => [entry.position, entry]));
  for (const entry of held.entries) byPosition.set(entry.position, entry);
  const entries = [...byPosition.values()].filter((entry) => !removed.has(entry.position)).sort(newestFirst);
  return {
    entries: entries.slice(0, PAGE_DIGEST_RULES.window),
    complete: page.exhausted && entries.length <= PAGE_DIGEST_RULES.window,
    removed: held.removed,
  };
}

/** A short, growing, jittered pause before trying again, so concurrent changes of one digest spread out. */
function pause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(200, 10 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function giveUp(authorId: string): Error {
  return new Error(
    `The page digest of ${authorId} kept changing under ${PAGE_DIGEST_RULES.maxAttempts} tries`,
  );
}

/**
 * Applies one change to the author's digest, if they have one, against concurrent changes (read, apply, write
 * if unchanged since, again after a pause otherwise). A change that changes nothing writes nothing, so replays
 * are free.
 * @throws Error when concurrent changes kept winning for every attempt (the stream retries the record)
 */
export async function changePageDigest(
  storage: PageDigestStorage,
  authorId: string,
  change: PageDigestChange,
): Promise<void> {
  for (let attempt = 0; attempt < PAGE_DIGEST_RULES.maxAttempts; attempt++) {
    if (attempt > 0) await pause(attempt);
    const current = await storage.read(authorId);
    if (!current) return;
    const digest = current.malformed
      ? mergeWithPage(current.digest, await storage.newestPage(authorId, PAGE_DIGEST_RULES.window))
      : current.digest;
    let next = applyDigestChange(digest, change) ?? (current.malformed ? digest : undefined);
    if (!next) return;
    if (!next.complete && next.entries.length < PAGE_DIGEST_RULES.refillBelow) {
      next = mergeWithPage(next, await storage.newestPage(authorId, PAGE_DIGEST_RULES.window));
    }
    if (await storage.write(authorId, next, current.version)) return;
  }
  throw giveUp(authorId);
}

/**
 * Builds the author's digest from their page (when they become a celebrity, or by the admin backfill), with
 * `including` added (the post being handled, which the eventually consistent index may not show yet). An
 * existing digest is kept, with `including` added to it (two posts promoting the author at once both get in),
 * unless `replace`: then a new read of the page is merged into it, or with `rebuild` takes its place (only the
 * removed positions are kept).
 */
export async function buildPageDigest(
  storage: PageDigestStorage,
  authorId: string,
  options: { including?: PositionedPost; replace?: 'merge' | 'rebuild' } = {},
): Promise<'built' | 'exists'> {
  const page = await storage.newestPage(authorId, PAGE_DIGEST_RULES.window);
  const including = options.including ? [options.including] : [];
  for (let attempt = 0; attempt < PAGE_DIGEST_RULES.maxAttempts; attempt++) {
    if (attempt > 0) await pause(attempt);
    const current = options.replace ? await storage.read(authorId) : undefined;
    const kept = current && options.replace === 'merge' ? current.digest.entries : [];
    const held = {
      entries: [...including, ...kept],
      complete: false,
      removed: current?.digest.removed ?? [],
    };
    if (await storage.write(authorId, mergeWithPage(held, page), current ? current.version : null))
      return 'built';
    if (!options.replace) {
      if (options.including)
        await changePageDigest(storage, authorId, { op: 'add', entry: options.including });
      return 'exists';
    }
  }
  throw giveUp(authorId);
}
