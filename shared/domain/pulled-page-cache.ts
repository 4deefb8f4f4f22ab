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
/** The newest page of those authors who have a digest (each as many entries as it holds), by author id. */
export type DigestsRead = (authorIds: readonly string[]) => Promise<Map<string, AuthorPage>>;

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
  return Object.freeze({ posts: Object.freeze(posts) as PositionedPost[], exhausted: page.exhausted });
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
 * author's newest `window` entries, kept `ttlMs` (0 turns the cache off; the digests are still read). An
 * author missing from the cache is looked up in the digests (all such authors in one read); without a digest,
 * their newest page is read when the request is for the newest page (a deeper request does not read ahead).
 * Requests larger than the window, and pages deeper than what is held, go to `read`. A failed read is not kept.
 */
export function pulledAuthorPages(read: AuthorPageRead, options: PulledPagesOptions): AuthorPagesRead {
  const cache = options.ttlMs > 0 && options.maxAuthors > 0 ? pageCache(options) : undefined;
  const queries = limiter(options.inFlight);
  const query: AuthorPageRead = (authorId, page) => queries(() => read(authorId, page));
  return async (authorIds, page) => {
    if (page.limit > options.window) return mapBounded(authorIds, options.inFlight, (id) => read(id, page));
    const now = options.clock.now().getTime();
    const held = new Map<string, Promise<AuthorPage | undefined>>();
    const missing: string[] = [];
    for (const id of new Set(authorIds)) {
      const cached = cache?.get(id, now);
      if (cached) held.set(id, cached.page);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const digests = options.readDigests ? options.readDigests(missing) : Promise.resolve(new Map());
      for (const id of missing) {
        const newest = digests.then((found) =>
          found.has(id)
            ? found.get(id)
            : page.before === undefined
              ? query(id, { limit: options.window })
              : undefined,
        );
        if (!cache) {
          held.set(id, newest);
          continue;
        }
        const fresh: CachedPage = {
          expiresAt: now + options.ttlMs,
          page: newest.then((found) => (found ? frozen(found) : undefined)),
        };
        fresh.page.then(
          (found) => found ?? cache.forget(id, fresh),
          () => cache.forget(id, fresh),
        );
        cache.set(id, fresh);
        held.set(id, fresh.page);
      }
    }
    return Promise.all(
      authorIds.map(async (id) => {
        const newest = await held.get(id);
        return (newest && answerFrom(newest, page)) ?? query(id, page);
      }),
    );
  };
}
