/**
 * The home timeline: materialised by fan-out on write (shared/domain/fan-out.ts) and read here, with the
 * posts of followed celebrities merged in at read time. docs/timeline.md explains the design.
 */

import { decodeTime, encodeTime } from 'ulid';
import { ValidationError } from '#shared/errors';
import * as z from '#shared/schemas/zod';
import { mapBounded } from './bounded';
import type { Clock } from './clock';
import type { Page } from './pagination';
import type { Post } from './post';
import { hydratePosts, type PostHydration, presentPage, readPostList } from './read-stages';

export const TIMELINE_RULES = {
  /**
   * Authors with more followers than this are celebrities: their posts are not fanned out but merged into
   * their followers' timelines at read time (each one's page, shared by readers through a short cache).
   * Sticky once reached.
   */
  celebrityFollowerThreshold: 10_000,
  /** Timeline entries (and pulled posts) older than this are not shown; DynamoDB TTL deletes the entries. */
  entryTtlDays: 30,
  /** A timeline is served at most this deep; storage is bounded by the TTL window. */
  maxEntries: 800,
  /** Posts of a newly followed account copied into the follower's timeline. */
  backfillPosts: 50,
  /**
   * The shared cache of pulled pages (shared/domain/pulled-page-cache.ts): entries kept per celebrity (two
   * pages of 20: a reader's second page is served from it while the celebrity posted less than that since), and
   * celebrities kept per container (≈ 256 × 40 posts of ≤ 2 KB in memory at most). Its TTL is configuration.
   */
  pulledPageWindow: 40,
  pulledPageCacheAuthors: 256,
} as const;

const DAY_MS = 86_400_000;

/** Epoch seconds after which a timeline entry of this post expires (deterministic: replays write the same). */
export function entryExpiresAt(post: Pick<Post, 'createdAt'>): number {
  return Math.floor(Date.parse(post.createdAt) / 1000) + TIMELINE_RULES.entryTtlDays * 86_400;
}

/** The smallest ULID created at the start of the timeline window: posts with smaller ids are out of it. */
export function windowStartId(now: Date): string {
  return `${encodeTime(now.getTime() - TIMELINE_RULES.entryTtlDays * DAY_MS, 10)}${'0'.repeat(16)}`;
}

/** Whether a celebrity's posts must be pulled at read time (or a promotion is due). */
export function isCelebrity(author: { followerCount: number; celebritySince: string | null }): boolean {
  return author.celebritySince !== null || author.followerCount > TIMELINE_RULES.celebrityFollowerThreshold;
}

/**
 * A post in a timeline at a position: its own id for the post itself, the repost's id for a repost's entry
 * (so a repost sorts by when it was reposted).
 */
export interface PositionedPost {
  position: string;
  post: Post;
}

/** A page of one author's posts and reposts, newest first by position. */
export type AuthorPage = { posts: PositionedPost[]; exhausted: boolean };

/** Many authors' pages for one request, in the order of the ids. */
export type AuthorPagesRead = (
  authorIds: readonly string[],
  page: { before?: string | undefined; limit: number },
) => Promise<AuthorPage[]>;

/** What the timeline read needs from storage; every method is one Query. */
export interface TimelineReader {
  /**
   * The owner's entries newest first, strictly older than `before` (or from the top). From the top, the same
   * Query also returns the ids of the celebrities whose posts are pulled (their markers sort first).
   */
  entries(
    ownerId: string,
    page: { before?: string | undefined; limit: number },
  ): Promise<{ posts: PositionedPost[]; pullSources: string[]; exhausted: boolean }>;
  pullSources(ownerId: string): Promise<string[]>;
  /** An author's own posts newest first, strictly older than `before`. */
  authorPosts(
    authorId: string,
    page: { before?: string | undefined; limit: number },
  ): Promise<{ posts: PositionedPost[]; exhausted: boolean }>;
  /**
   * The same page of several followed celebrities, as the home timeline pulls them, in the order of the ids:
   * from their page digests and a cache shared by all readers (shared/domain/pulled-page-cache.ts), so up to its
   * TTL old. Absent: `authorPosts` for each.
   */
  pulledAuthorPages?: AuthorPagesRead;
}

const MAX_PULL_IDS_IN_CURSOR = 20;
/** Reposted posts remembered across pages so their older entries are not served again (see `seen`). */
const MAX_SEEN_IN_CURSOR = 40;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const TimelineCursor = z.strictObject({
  v: z.literal(1),
  /** Serve entries strictly older than this position (a post id, or a repost's id). */
  before: z.string().check(z.regex(ULID)),
  /**
   * The celebrities merged into this timeline, carried so later pages need no extra Query for them; `true` when
   * there were more than fit (later pages then read the markers again). Forging ids only merges in public posts.
   */
  pull: z.union([
    z.array(z.string().check(z.regex(/^[0-9A-Za-z]{1,64}$/))).check(z.maxLength(MAX_PULL_IDS_IN_CURSOR)),
    z.literal(true),
  ]),
  /** Entries served so far (the depth cap). */
  depth: z.number().check(z.int(), z.minimum(0), z.maximum(TIMELINE_RULES.maxEntries)),
  /**
   * Posts already served at a repost's (newer) position whose older entries (the post itself, older reposts)
   * may still come: they are skipped, so a post reached through several people shows once. Only ids newer than
   * `before`'s own post can still have entries below it; older ones are dropped.
   */
  seen: z._default(z.array(z.string().check(z.regex(ULID))).check(z.maxLength(MAX_SEEN_IN_CURSOR)), []),
});
type TimelineCursor = z.infer<typeof TimelineCursor>;

export interface TimelineDependencies {
  timeline: TimelineReader;
  clock: Clock;
  /** The hydrate stage's batched reads (counts, viewer state). */
  hydration?: PostHydration;
}

/**
 * Followed celebrities whose pages are read at once (each is one Query of posts and reposts, unless the shared
 * cache of pulled pages has it): all of them in parallel up to this many, so 100 followed celebrities do not
 * open 100 connections at once.
 */
export const PULLED_AUTHORS_IN_FLIGHT = 16;

/** One source of a home timeline: the owner's entries, or one followed celebrity's own posts. */
interface SkeletonSource {
  posts: PositionedPost[];
  exhausted: boolean;
}

/** Stage 1: the owner's entries and, for each celebrity followed, that celebrity's posts (one Query each). */
async function timelineSkeleton(
  timeline: TimelineReader,
  input: { ownerId: string; limit: number },
  cursor: TimelineCursor | undefined,
): Promise<{ sources: SkeletonSource[]; celebrities: string[] }> {
  const before = cursor?.before;
  const top = await timeline.entries(input.ownerId, { before, limit: input.limit });
  const celebrities = !cursor
    ? top.pullSources
    : cursor.pull === true
      ? await timeline.pullSources(input.ownerId)
      : cursor.pull;
  const request = { before, limit: input.limit };
  // The owner's own posts reach their timeline as entries written with the post; should they ever pull
  // themselves, that read skips the shared cache, so their own posts are not held back by its TTL.
  const others = celebrities.filter((id) => id !== input.ownerId);
  const [own, pulled] = await Promise.all([
    others.length < celebrities.length
      ? timeline.authorPosts(input.ownerId, request).then((page) => [page])
      : [],
    timeline.pulledAuthorPages
      ? timeline.pulledAuthorPages(others, request)
      : mapBounded(others, PULLED_AUTHORS_IN_FLIGHT, (id) => timeline.authorPosts(id, request)),
  ]);
  return { sources: [top, ...own, ...pulled], celebrities };
}

/**
 * Stage 2: the sources merged by position (ULIDs sort by time), newest first, and only what is safe to serve:
 * no unread entry of an unfinished source could be newer than what is served. A post reached several times
 * (directly, through reposts, as a pulled post) is served once, at its newest position, and remembered in
 * `seen` while its older entries may still come. `more` tells whether anything may follow the page.
 */
function mergeSkeleton(
  sources: readonly SkeletonSource[],
  input: { limit: number; windowStart: string; seen: readonly string[] },
): { served: PositionedPost[]; more: boolean } {
  const frontier = sources
    .filter((source) => !source.exhausted)
    .map((source) => source.posts.at(-1)?.position ?? '')
    .sort()
    .at(-1);
  const seen = new Set(input.seen);
  const newest = new Map<string, PositionedPost>();
  for (const entry of sources.flatMap((source) => source.posts)) {
    if (frontier !== undefined && entry.position < frontier) continue;
    if (seen.has(entry.post.id)) continue;
    const known = newest.get(entry.post.id);
    if (!known || known.position < entry.position) newest.set(entry.post.id, entry);
  }
  const merged = [...newest.values()]
    .sort((a, b) => (a.position < b.position ? 1 : -1))
    .slice(0, input.limit);
  const inWindow = merged.filter((entry) => entry.position >= input.windowStart);
  const more =
    inWindow.length === merged.length &&
    (merged.length === input.limit || sources.some((source) => !source.exhausted));
  return { served: inWindow, more };
}

/** The reposted posts served so far whose older entries may still come below `before`. */
function stillSeen(previous: readonly string[], served: readonly PositionedPost[], before: string): string[] {
  const reposted = served.filter((entry) => entry.position !== entry.post.id).map((entry) => entry.post.id);
  return [...new Set([...previous, ...reposted])]
    .filter((postId) => postId < before)
    .sort()
    .slice(-MAX_SEEN_IN_CURSOR);
}

/** Stage 4: the page, with a cursor while there is more and the depth cap is not reached. */
function presentTimeline(
  posts: Post[],
  state: {
    more: boolean;
    depth: number;
    celebrities: readonly string[];
    last: string | undefined;
    seen: string[];
  },
): Page<Post> {
  const nextCursor =
    state.last && state.more && state.depth < TIMELINE_RULES.maxEntries
      ? encodeTimelineCursor({
          v: 1,
          before: state.last,
          pull: state.celebrities.length > MAX_PULL_IDS_IN_CURSOR ? true : [...state.celebrities],
          depth: state.depth,
          seen: state.seen,
        })
      : null;
  return presentPage(posts, nextCursor);
}

/**
 * A page of the owner's home timeline, newest first: skeleton → merge → hydrate → present. With no celebrity
 * followed it is exactly one Query; with celebrities, each one's page (one Query, none when the shared cache
 * of pulled pages holds it); hydration adds one BatchGetItem (current counts) and one Query (the owner's likes
 * and reposts of the page).
 */
export async function readTimeline(
  deps: TimelineDependencies,
  input: { ownerId: string; limit: number; cursor?: string | undefined },
): Promise<Page<Post>> {
  const cursor = input.cursor === undefined ? undefined : decodeTimelineCursor(input.cursor);
  const { sources, celebrities } = await timelineSkeleton(deps.timeline, input, cursor);
  const merged = mergeSkeleton(sources, {
    limit: input.limit,
    windowStart: windowStartId(deps.clock.now()),
    seen: cursor?.seen ?? [],
  });
  const posts = await hydratePosts(
    merged.served.map((entry) => entry.post),
    { viewerId: input.ownerId, hydration: deps.hydration, copies: true, scope: 'home' },
  );
  const depth = (cursor?.depth ?? 0) + merged.served.length;
  const last = merged.served.at(-1)?.position;
  return presentTimeline(posts, {
    more: merged.more,
    depth,
    celebrities,
    last,
    seen: last ? stillSeen(cursor?.seen ?? [], merged.served, last) : [],
  });
}

export function encodeTimelineCursor(cursor: TimelineCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeTimelineCursor(cursor: string): TimelineCursor {
  try {
    if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) throw new Error('malformed');
    return TimelineCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ValidationError(
      'invalid_cursor',
      'The cursor is not valid for this list; start again without it',
    );
  }
}

/** The creation time of a post id (ULID). */
export function postIdTime(postId: string): number {
  return decodeTime(postId);
}

export interface MentionsDependencies {
  mentions: {
    page(userId: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<Post>>;
  };
  hydration?: PostHydration;
}

/** The caller's mentions, newest first (entries written by the fan-out consumer), read as stages. */
export function listMentions(
  deps: MentionsDependencies,
  input: { userId: string; limit: number; cursor?: string | undefined },
): Promise<Page<Post>> {
  return readPostList(() => deps.mentions.page(input.userId, input), {
    viewerId: input.userId,
    hydration: deps.hydration,
    copies: true,
  });
}
