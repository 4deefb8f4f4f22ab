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

/**
 * A page of the owner's home timeline, newest first. With no celebrity followed it is exactly one Query; with
 * celebrities, one more Query per celebrity, merged by post id (ULIDs sort by time).
 */
export async function readTimeline(
  deps: { timeline: TimelineReader; clock: Clock },
  input: { ownerId: string; limit: number; cursor?: string | undefined },
): Promise<Page<Post>> {
  const cursor = input.cursor === undefined ? undefined : decodeTimelineCursor(input.cursor);
  const before = cursor?.before;
  const top = await deps.timeline.entries(input.ownerId, { before, limit: input.limit });
  const celebrities = !cursor
    ? top.pullSources
    : cursor.pull === true
      ? await deps.timeline.pullSources(input.ownerId)
      : cursor.pull;
  const pulled = await Promise.all(
    celebrities.map((id) => deps.timeline.authorPosts(id, { before, limit: input.limit })),
  );
  const sources = [top, ...pulled];

  // An item is safe to serve only if no unread item of any unfinished source could be newer than it.
  const frontier = sources
    .filter((source) => !source.exhausted)
    .map((source) => source.posts.at(-1)?.id ?? '')
    .sort()
    .at(-1);
  const byId = new Map(sources.flatMap((source) => source.posts.map((post) => [post.id, post] as const)));
  const windowStart = windowStartId(deps.clock.now());
  const merged = [...byId.values()]
    .filter((post) => frontier === undefined || post.id >= frontier)
    .sort((a, b) => (a.id < b.id ? 1 : -1))
    .slice(0, input.limit);
  const inWindow = merged.filter((post) => post.id >= windowStart);

  const depth = (cursor?.depth ?? 0) + inWindow.length;
  const last = inWindow.at(-1);
  const more =
    inWindow.length === merged.length &&
    (merged.length === input.limit || sources.some((source) => !source.exhausted));
  const nextCursor =
    last && more && depth < TIMELINE_RULES.maxEntries
      ? encodeTimelineCursor({
          v: 1,
          before: last.id,
          pull: celebrities.length > MAX_PULL_IDS_IN_CURSOR ? true : celebrities,
          depth,
        })
      : null;
  return { items: inWindow, nextCursor };
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

/** The caller's mentions, newest first (entries written by the fan-out consumer). */
export function listMentions(
  deps: {
    mentions: {
      page(userId: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<Post>>;
    };
  },
  input: { userId: string; limit: number; cursor?: string | undefined },
): Promise<Page<Post>> {
  return deps.mentions.page(input.userId, input);
}
