/**
 * Followed celebrities' pages as the home timeline pulls them: their page digests first (one BatchGetItem for
 * all of them, shared/domain/page-digest.ts), each one's page Query where there is no digest or it cannot answer,
 * and every newest page kept and shared by the readers of a warm container for a few seconds. Cold, a home
 * page pulling k celebrities costs 1 BatchGetItem instead of k Queries; warm, nothing per reader.
 * docs/timeline.md ("What following many celebrities costs") has the figures.
 *
 * What is cached is the author's public page (their posts and reposts, as stored): never anything of the
 * reader. Viewer state, counts and visibility are added later, per reader, by the hydrate stage, which copies
 * each post; the cached entries are frozen so that no stage can write a reader's state into them.
 */
import { limiter, mapBounded } from './bounded';
import type { Clock } from './clock';
import type { AuthorPage, AuthorPagesRead, PositionedPost } from './timeline';

export type { AuthorPage, AuthorPagesRead };

type PageRequest = { before?: string | undefined; limit: number };
export type AuthorPageRead = (authorId: string, page: PageRequest) => Promise<AuthorPage>;
/**
 * The newest page of those authors who have a digest, by author id: each digest's newest `entries` (all it holds
 * when absent).
 */
export type DigestsRead = (
  authorIds: readonly string[],
  entries?: number,
) => Promise<Map<string, AuthorPage>>;

export interface PulledPagesOptions {
  clock: Clock;
  /** How long a page is served after it was read: the staleness a reader may see of a celebrity's newest post. */
  ttlMs: number;
  /** Authors kept at most; the least recently read is evicted first. */
  maxAuthors: number;
  /** Entries read (and kept) per author: requests within it are served from the cache. */
  window: number;
  /** Page Queries in flight at once (authors without a digest, or deeper than theirs). */
  inFlight: number;
  /** The page digests; without it every newest page is a Query. */
  readDigests?: DigestsRead;
}

interface CachedPage {
  expiresAt: number;
  /**
   * A promise, so concurrent readers of an author share one read instead of each missing; undefined when there
   * was nothing to keep (no digest for a deeper request), and then it is forgotten.
   */
  page: Promise<AuthorPage | undefined>;
}

function frozen(page: AuthorPage): AuthorPage {
  const posts = page.posts.map((entry) =>
    Object.freeze({ position: entry.position, post: Object.freeze(entry.post) }),
  );
  return Object.freeze({
    posts: Object.freeze(posts) as PositionedPost[],
    exhausted: page.exhausted,
  });
}

/**
 * The part of a newest page (cached or a digest) that answers `page`, or undefined when it cannot: it holds
 * every entry down to its last one, so a request is answered when it finds `limit` entries below `before`
 * there, or when it is the author's whole page. Anything deeper falls back to the read.
 */
function answerFrom(newest: AuthorPage, page: PageRequest): AuthorPage | undefined {
  const { before } = page;
  const below = before === undefined ? newest.posts : newest.posts.filter((entry) => entry.position < before);
  if (below.length < page.limit && !newest.exhausted) return undefined;
  return { posts: below.slice(0, page.limit), exhausted: newest.exhausted && below.length <= page.limit };
}

/** A least-recently-used map of each author's newest page, each kept `ttlMs`. */
function pageCache(options: PulledPagesOptions) {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently read first.
  const pages = new Map<string, CachedPage>();
  return {
    get(authorId: string, now: number): CachedPage | undefined {
      const known = pages.get(authorId);
      if (!known) return undefined;
      pages.delete(authorId);
      if (now >= known.expiresAt) return undefined;
      pages.set(authorId, known);
      return known;
    },
    set(authorId: string, fresh: CachedPage) {
      pages.set(authorId, fresh);
      for (const oldest of pages.keys()) {
        if (pages.size <= options.maxAuthors) break;
        pages.delete(oldest);
      }
    },
    forget(authorId: string, page: CachedPage) {
      if (pages.get(authorId) === page) pages.delete(authorId);
    },
  };
}

/**
 * `read` for many authors at once, behind their digests and a bounded, least-recently-used cache of each
 * author's newest entries, kept `ttlMs` (0 turns the cache off; the digests are still read). The authors missing
 * from the cache are looked up in the digests, all in one read: whole when there is a cache to keep them in; a
 * first page without a cache reads only each digest's newest `limit` entries (what it can use). Without a
 * digest, an author's newest `window` entries are read when the request is for the newest page (a deeper request
 * does not read ahead). Requests larger than the window, and pages deeper than what is held, go to `read`. A
 * failed read is not kept.
 */
export function pulledAuthorPages(read: AuthorPageRead, options: PulledPagesOptions): AuthorPagesRead {
  const cache = options.ttlMs > 0 && options.maxAuthors > 0 ? pageCache(options) : undefined;
  const queries = limiter(options.inFlight);
  const query: AuthorPageRead = (authorId, page) => queries(() => read(authorId, page));

  /** Starts the reads of these authors' newest pages (digests, else Queries when `readAhead`), caching them. */
  const hold = (
    authorIds: readonly string[],
    how: { entries: number | undefined; readAhead: boolean; pageLimit: number; now: number },
    into: Map<string, Promise<AuthorPage | undefined>>,
  ) => {
    const digests = options.readDigests
      ? options.readDigests(authorIds, how.entries)
      : Promise.resolve(new Map<string, AuthorPage>());
    for (const id of authorIds) {
      // With no cache to keep it in, reading ahead past the page would only cost more.
      const ahead = cache ? { limit: options.window } : { limit: how.pageLimit };
      const newest = digests.then((found) => found.get(id) ?? (how.readAhead ? query(id, ahead) : undefined));
      if (!cache) {
        into.set(id, newest);
        continue;
      }
      const fresh: CachedPage = {
        expiresAt: how.now + options.ttlMs,
        page: newest.then((found) => (found ? frozen(found) : undefined)),
      };
      fresh.page.then(
        (found) => found ?? cache.forget(id, fresh),
        () => cache.forget(id, fresh),
      );
      cache.set(id, fresh);
      into.set(id, fresh.page);
    }
  };

  return async (authorIds, page) => {
    if (page.limit > options.window) return mapBounded(authorIds, options.inFlight, (id) => read(id, page));
    const now = options.clock.now().getTime();
    const unique = [...new Set(authorIds)];
    const held = new Map<string, Promise<AuthorPage | undefined>>();
    const missing = unique.filter((id) => {
      const cached = cache?.get(id, now);
      if (cached) held.set(id, cached.page);
      return !cached;
    });
    const first = page.before === undefined;
    if (missing.length > 0)
      hold(
        missing,
        // DynamoDB bills a digest whole however little of it is read: with a cache to keep it, read it whole (a
        // deeper page is then served from the cache); without one, only what this page needs (fewer bytes).
        { entries: first && !cache ? page.limit : undefined, readAhead: first, pageLimit: page.limit, now },
        held,
      );
    // Promise.all, not one await after another: a failed read then fails the call without leaving the other
    // reads' failures unhandled.
    const newest = await Promise.all(unique.map((id) => held.get(id)));
    const answers = new Map(
      unique.map((id, index) => {
        const newestPage = newest[index];
        return [id, newestPage && answerFrom(newestPage, page)] as const;
      }),
    );
    return Promise.all(authorIds.map(async (id) => answers.get(id) ?? query(id, page)));
  };
}
