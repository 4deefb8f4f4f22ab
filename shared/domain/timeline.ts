/**
 * The home timeline: materialised by fan-out on write (shared/domain/fan-out.ts) and read here, with the
 * posts of followed celebrities merged in at read time. docs/timeline.md explains the design.
 */
import { decodeTime, encodeTime } from 'ulid';
import { ValidationError } from '#shared/errors';
import * as z from '#shared/schemas/zod';
import type { Clock } from './clock';
import type { Page } from './pagination';
import type { Post } from './post';
import { hydratePosts, presentPage, readPostList } from './read-stages';

export const TIMELINE_RULES = {
  /**
   * Authors with more followers than this are celebrities: their posts are not fanned out but merged into
   * their followers' timelines at read time (one Query per followed celebrity). Sticky once reached.
   */
  celebrityFollowerThreshold: 10_000,
  /** Timeline entries (and pulled posts) older than this are not shown; DynamoDB TTL deletes the entries. */
  entryTtlDays: 30,
  /** A timeline is served at most this deep; storage is bounded by the TTL window. */
  maxEntries: 800,
  /** Posts of a newly followed account copied into the follower's timeline. */
  backfillPosts: 50,
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

/** What the timeline read needs from storage; every method is one Query. */
export interface TimelineReader {
  /**
   * The owner's entries newest first, strictly older than `before` (or from the top). From the top, the same
   * Query also returns the ids of the celebrities whose posts are pulled (their markers sort first).
   */
  entries(
    ownerId: string,
    page: { before?: string | undefined; limit: number },
  ): Promise<{ posts: Post[]; pullSources: string[]; exhausted: boolean }>;
  pullSources(ownerId: string): Promise<string[]>;
  /** An author's own posts newest first, strictly older than `before`. */
  authorPosts(
    authorId: string,
    page: { before?: string | undefined; limit: number },
  ): Promise<{ posts: Post[]; exhausted: boolean }>;
}

const MAX_PULL_IDS_IN_CURSOR = 20;

const TimelineCursor = z.strictObject({
  v: z.literal(1),
  /** Serve posts strictly older than this post id. */
  before: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)),
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
});
type TimelineCursor = z.infer<typeof TimelineCursor>;

export interface TimelineDependencies {
  timeline: TimelineReader;
  clock: Clock;
}

/** One source of a home timeline: the owner's entries, or one followed celebrity's own posts. */
interface SkeletonSource {
  posts: Post[];
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
  const pulled = await Promise.all(
    celebrities.map((id) => timeline.authorPosts(id, { before, limit: input.limit })),
  );
  return { sources: [top, ...pulled], celebrities };
}

/**
 * Stage 2: the sources merged by post id (ULIDs sort by time), newest first, a post reached twice once, and
 * only what is safe to serve: no unread post of an unfinished source could be newer than what is served.
 * `more` tells whether anything may follow the page.
 */
function mergeSkeleton(
  sources: readonly SkeletonSource[],
  limit: number,
  windowStart: string,
): { posts: Post[]; more: boolean } {
  const frontier = sources
    .filter((source) => !source.exhausted)
    .map((source) => source.posts.at(-1)?.id ?? '')
    .sort()
    .at(-1);
  const byId = new Map(sources.flatMap((source) => source.posts.map((post) => [post.id, post] as const)));
  const merged = [...byId.values()]
    .filter((post) => frontier === undefined || post.id >= frontier)
    .sort((a, b) => (a.id < b.id ? 1 : -1))
    .slice(0, limit);
  const inWindow = merged.filter((post) => post.id >= windowStart);
  const more =
    inWindow.length === merged.length &&
    (merged.length === limit || sources.some((source) => !source.exhausted));
  return { posts: inWindow, more };
}

/** Stage 4: the page, with a cursor while there is more and the depth cap is not reached. */
function presentTimeline(
  posts: Post[],
  state: { more: boolean; depth: number; celebrities: readonly string[] },
): Page<Post> {
  const last = posts.at(-1);
  const nextCursor =
    last && state.more && state.depth < TIMELINE_RULES.maxEntries
      ? encodeTimelineCursor({
          v: 1,
          before: last.id,
          pull: state.celebrities.length > MAX_PULL_IDS_IN_CURSOR ? true : [...state.celebrities],
          depth: state.depth,
        })
      : null;
  return presentPage(posts, nextCursor);
}

/**
 * A page of the owner's home timeline, newest first: skeleton → merge → hydrate → present. With no celebrity
 * followed it is exactly one Query; with celebrities, one more Query per celebrity.
 */
export async function readTimeline(
  deps: TimelineDependencies,
  input: { ownerId: string; limit: number; cursor?: string | undefined },
): Promise<Page<Post>> {
  const cursor = input.cursor === undefined ? undefined : decodeTimelineCursor(input.cursor);
  const { sources, celebrities } = await timelineSkeleton(deps.timeline, input, cursor);
  const merged = mergeSkeleton(sources, input.limit, windowStartId(deps.clock.now()));
  const posts = await hydratePosts(merged.posts, { viewerId: input.ownerId });
  const depth = (cursor?.depth ?? 0) + merged.posts.length;
  return presentTimeline(posts, { more: merged.more, depth, celebrities });
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
}

/** The caller's mentions, newest first (entries written by the fan-out consumer), read as stages. */
export function listMentions(
  deps: MentionsDependencies,
  input: { userId: string; limit: number; cursor?: string | undefined },
): Promise<Page<Post>> {
  return readPostList(() => deps.mentions.page(input.userId, input), { viewerId: input.userId });
}
