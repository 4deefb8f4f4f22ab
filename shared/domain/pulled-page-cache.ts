/**
 * A followed celebrity's newest page, read once and shared by every reader of a warm container for a few
 * seconds: with the cache, a home page pulling k celebrities costs their Queries once per TTL per container
 * instead of once per reader. docs/timeline.md ("What following many celebrities costs") has the figures.
 *
 * What is cached is the author's public page (their posts and reposts, as stored): never anything of the
 * reader. Viewer state, counts and visibility are added later, per reader, by the hydrate stage, which copies
 * each post; the cached entries are frozen so that no stage can write a reader's state into them.
 */
import type { Clock } from './clock';
import type { PositionedPost } from './timeline';

export type AuthorPage = { posts: PositionedPost[]; exhausted: boolean };
export type AuthorPageRead = (
  authorId: string,
  page: { before?: string | undefined; limit: number },
) => Promise<AuthorPage>;

export interface PulledPageCacheOptions {
  clock: Clock;
  /** How long a page is served after it was read: the staleness a reader may see of a celebrity's newest post. */
  ttlMs: number;
  /** Authors kept at most; the least recently read is evicted first. */
  maxAuthors: number;
  /** Entries read (and kept) per author: requests within it are served from the cache. */
  window: number;
}

interface CachedPage {
  expiresAt: number;
  /** A promise, so concurrent readers of an author share one read instead of each missing. */
  page: Promise<AuthorPage>;
}

function frozen(page: AuthorPage): AuthorPage {
  const posts = page.posts.map((entry) =>
    Object.freeze({ position: entry.position, post: Object.freeze(entry.post) }),
  );
  return Object.freeze({ posts: Object.freeze(posts) as PositionedPost[], exhausted: page.exhausted });
}

/**
 * The part of the cached newest page that answers `page`, or undefined when the cache cannot: the cached page
 * holds every entry down to its last one, so a request is answered when it finds `limit` entries below `before`
 * there, or when the cached page is the author's whole page. Anything deeper falls back to the read.
 */
function answerFrom(cached: AuthorPage, page: { before?: string | undefined; limit: number }) {
  const { before } = page;
  const below = before === undefined ? cached.posts : cached.posts.filter((entry) => entry.position < before);
  if (below.length < page.limit && !cached.exhausted) return undefined;
  return { posts: below.slice(0, page.limit), exhausted: cached.exhausted && below.length <= page.limit };
}

/**
 * `read` behind a bounded, least-recently-used cache of each author's newest `window` entries, kept `ttlMs`.
 * A TTL of 0 disables it (every call is the read). Requests larger than the window, and pages deeper than the
 * cached one, go to `read`. A failed read is not cached.
 */
export function cachedAuthorPages(read: AuthorPageRead, options: PulledPageCacheOptions): AuthorPageRead {
  if (options.ttlMs <= 0 || options.maxAuthors <= 0) return read;
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently read first.
  const pages = new Map<string, CachedPage>();
  const unexpired = (authorId: string, now: number): CachedPage | undefined => {
    const known = pages.get(authorId);
    if (!known) return undefined;
    pages.delete(authorId);
    if (now >= known.expiresAt) return undefined;
    pages.set(authorId, known);
    return known;
  };
  const readNewest = (authorId: string, now: number): CachedPage => {
    const fresh: CachedPage = {
      expiresAt: now + options.ttlMs,
      page: read(authorId, { limit: options.window }).then(frozen),
    };
    fresh.page.catch(() => {
      if (pages.get(authorId) === fresh) pages.delete(authorId);
    });
    pages.set(authorId, fresh);
    for (const oldest of pages.keys()) {
      if (pages.size <= options.maxAuthors) break;
      pages.delete(oldest);
    }
    return fresh;
  };
  return async (authorId, page) => {
    if (page.limit > options.window) return read(authorId, page);
    const now = options.clock.now().getTime();
    // Only the newest page is worth reading ahead: a deeper request uses a cached page if there is one.
    const cached =
      unexpired(authorId, now) ?? (page.before === undefined ? readNewest(authorId, now) : undefined);
    const answer = cached && answerFrom(await cached.page, page);
    return answer ?? read(authorId, page);
  };
}
