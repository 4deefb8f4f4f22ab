/**
 * A celebrity's page digest: the newest entries of their page (posts and reposts, as the page shows them) kept
 * in one item by the fan-out reactions, so a home page pulling k celebrities reads their k digests in one
 * BatchGetItem instead of k Queries. docs/timeline.md ("Page digests") has the design and its costs.
 *
 * What keeps it right: `entries` are always the page's newest entries with none missing between them (newest
 * first, at most `window`), and `complete` says they are the whole page. Each change keeps that:
 * - an entry newer than the oldest kept one (or any entry of a complete digest) goes in, the oldest falling out
 *   past the window; an older one stays out (entries between it and the digest may be missing);
 * - a removed entry goes; a digest left shorter than a page is read again from the page and merged with what it
 *   holds, so entries the (eventually consistent) page index does not show yet are kept.
 * A reader serves a request from the digest only when it holds the request's whole page (pulled-page-cache.ts),
 * so a digest that cannot is never wrong, only unused.
 */
import type { AuthorPage } from './pulled-page-cache';
import type { PositionedPost } from './timeline';

export interface PageDigest {
  entries: PositionedPost[];
  complete: boolean;
}

export type PageDigestChange = { op: 'add'; entry: PositionedPost } | { op: 'remove'; position: string };

/** Where digests are kept (shared/db/page-digest-repository.ts); `version` guards concurrent changes. */
export interface PageDigestStorage {
  read(authorId: string): Promise<{ digest: PageDigest; version: number } | undefined>;
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
  /** A digest that falls below this many entries (one page) is read again from the page. */
  refillBelow: 20,
  /** Tries of one change against concurrent ones before the record fails (and is retried by the stream). */
  maxAttempts: 8,
} as const;

const newestFirst = (a: PositionedPost, b: PositionedPost) => (a.position < b.position ? 1 : -1);

/** The digest with the change applied, or undefined when it does not change. */
export function applyDigestChange(digest: PageDigest, change: PageDigestChange): PageDigest | undefined {
  const present = digest.entries.some((entry) =>
    change.op === 'add' ? entry.position === change.entry.position : entry.position === change.position,
  );
  if (change.op === 'remove') {
    if (!present) return undefined;
    return { ...digest, entries: digest.entries.filter((entry) => entry.position !== change.position) };
  }
  if (present) return undefined;
  const oldest = digest.entries.at(-1)?.position;
  if (!digest.complete && (oldest === undefined || change.entry.position < oldest)) return undefined;
  const entries = [...digest.entries, change.entry].sort(newestFirst);
  return entries.length > PAGE_DIGEST_RULES.window
    ? { entries: entries.slice(0, PAGE_DIGEST_RULES.window), complete: false }
    : { entries, complete: digest.complete };
}

/**
 * The digest from the page as read, with the entries the digest held kept (the page index may not show them
 * yet) and `without` left out (its removal may not have reached the index yet).
 */
export function mergeWithPage(held: PageDigest, page: AuthorPage, without?: string): PageDigest {
  const byPosition = new Map(page.posts.map((entry) => [entry.position, entry]));
  for (const entry of held.entries) byPosition.set(entry.position, entry);
  if (without !== undefined) byPosition.delete(without);
  const entries = [...byPosition.values()].sort(newestFirst);
  return {
    entries: entries.slice(0, PAGE_DIGEST_RULES.window),
    complete: page.exhausted && entries.length <= PAGE_DIGEST_RULES.window,
  };
}

/**
 * Applies one change to the author's digest, if they have one, against concurrent changes (read, apply, write
 * if unchanged since, again otherwise). Replays are harmless: adding a present entry or removing an absent one
 * writes nothing.
 * @throws Error when concurrent changes kept winning for every attempt (the stream retries the record)
 */
export async function changePageDigest(
  storage: PageDigestStorage,
  authorId: string,
  change: PageDigestChange,
): Promise<void> {
  for (let attempt = 0; attempt < PAGE_DIGEST_RULES.maxAttempts; attempt++) {
    const current = await storage.read(authorId);
    if (!current) return;
    let next = applyDigestChange(current.digest, change);
    const shortened = next ?? current.digest;
    if (!shortened.complete && shortened.entries.length < PAGE_DIGEST_RULES.refillBelow) {
      const page = await storage.newestPage(authorId, PAGE_DIGEST_RULES.window);
      next = mergeWithPage(shortened, page, change.op === 'remove' ? change.position : undefined);
    }
    if (!next) return;
    if (await storage.write(authorId, next, current.version)) return;
  }
  throw new Error(
    `The page digest of ${authorId} kept changing under ${PAGE_DIGEST_RULES.maxAttempts} tries`,
  );
}

/**
 * Builds the author's digest from their page (when they become a celebrity, or by the admin backfill), with
 * `including` added (the post being handled, which the eventually consistent index may not show yet). An
 * existing digest is kept, with `including` added to it (two posts promoting the author at once both get in),
 * unless `replace`, which merges a new read of the page into it.
 */
export async function buildPageDigest(
  storage: PageDigestStorage,
  authorId: string,
  options: { including?: PositionedPost; replace?: boolean } = {},
): Promise<'built' | 'exists'> {
  const page = await storage.newestPage(authorId, PAGE_DIGEST_RULES.window);
  const held: PositionedPost[] = options.including ? [options.including] : [];
  for (let attempt = 0; attempt < PAGE_DIGEST_RULES.maxAttempts; attempt++) {
    const current = options.replace ? await storage.read(authorId) : undefined;
    const entries = current ? [...held, ...current.digest.entries] : held;
    const digest = mergeWithPage({ entries, complete: false }, page);
    if (await storage.write(authorId, digest, current ? current.version : null)) return 'built';
    if (!options.replace) {
      if (options.including)
        await changePageDigest(storage, authorId, { op: 'add', entry: options.including });
      return 'exists';
    }
  }
  throw new Error(
    `The page digest of ${authorId} kept changing under ${PAGE_DIGEST_RULES.maxAttempts} tries`,
  );
}
