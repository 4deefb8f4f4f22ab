/**
 * The fan-out of the home timeline: what the stream consumer writes for each change of a post or a follow
 * edge. Every handler converges on the *current* state of the table, so records may arrive duplicated, out of
 * order or concurrently and the timelines still end right:
 * - post created → entry in the author's and every follower's timeline, mention entries; then, if the post is
 *   already gone (its REMOVE may have been handled first), the same entries are removed again;
 * - post deleted → those entries removed (deleting an absent entry is harmless);
 * - follow created → the followee's recent posts and reposts copied in (or a pull marker for a celebrity, whose
 *   posts and reposts are merged at read time); then, if the edge is already gone, removed again;
 * - follow deleted → unless the edge exists again, the followee's posts and reposts in the window and the marker
 *   removed (entries of the same posts that came directly or through someone else stay: their keys differ).
 * All writes are deterministic puts/deletes, so a replay writes the same items.
 */
import type { Clock } from './clock';
import type { RepostMark } from './engagement/reactions';
import type { Post } from './post';
import { isCelebrity, TIMELINE_RULES, windowStartId } from './timeline';

export type StreamChange =
  | { kind: 'post_created'; post: Post }
  | { kind: 'post_deleted'; post: Post }
  | { kind: 'follow_created'; followerId: string; followeeId: string; createdAt?: string }
  | { kind: 'follow_deleted'; followerId: string; followeeId: string; createdAt?: string };

export type TimelineWrite =
  | { op: 'put_entry'; ownerId: string; post: Post }
  /** A repost's entry (`delete_entry` of the repost's id removes it). */
  | { op: 'put_repost_entry'; ownerId: string; post: Post; repost: RepostMark }
  | { op: 'delete_entry'; ownerId: string; postId: string }
  | { op: 'put_mention'; userId: string; post: Post }
  | { op: 'delete_mention'; userId: string; postId: string }
  | { op: 'put_pull'; ownerId: string; celebrityId: string }
  | { op: 'delete_pull'; ownerId: string; celebrityId: string };

export interface AuthorStatus {
  followerCount: number;
  /** When the author became a celebrity (ISO time), or null. */
  celebritySince: string | null;
}

export interface FanOutStore {
  authorStatus(userId: string): Promise<AuthorStatus | undefined>;
  /** Records that the author is a celebrity from now on (after every follower got a pull marker). */
  markCelebrity(userId: string, since: string): Promise<void>;
  followerIdPages(userId: string): AsyncIterable<string[]>;
  /** The author's posts with ids ≥ fromPostId, newest first, at most `limit` in all. */
  postPages(authorId: string, range: { fromPostId: string; limit?: number }): AsyncIterable<Post[]>;
  /** The user's repost ids from `fromId` on, newest first: what an unfollow removes. */
  repostIdPages(userId: string, range: { fromId: string }): AsyncIterable<string[]>;
  /**
   * The user's reposts from `fromId` on, newest first, at most `limit`, as the posts they show marked with the
   * repost (`repostId`, `repostedBy`, `repostedAt`); reposts of posts gone since are left out.
   */
  repostedPosts(userId: string, range: { fromId: string; limit: number }): Promise<Post[]>;
  postExists(authorId: string, postId: string): Promise<boolean>;
  followExists(followerId: string, followeeId: string): Promise<boolean>;
  /** Applies the writes in 25-item batches, retrying unprocessed items; throws if any is left. */
  write(writes: readonly TimelineWrite[]): Promise<void>;
}

export interface FanOutDependencies {
  store: FanOutStore;
  clock: Clock;
}

export async function applyStreamChange(deps: FanOutDependencies, change: StreamChange): Promise<void> {
  switch (change.kind) {
    case 'post_created':
      return postCreated(deps, change.post);
    case 'post_deleted':
      return postDeleted(deps, change.post);
    case 'follow_created':
      return followCreated(deps, change.followerId, change.followeeId);
    case 'follow_deleted':
      return followDeleted(deps, change.followerId, change.followeeId);
  }
}

async function postCreated({ store, clock }: FanOutDependencies, post: Post): Promise<void> {
  const authorId = post.author.id;
  const writes: TimelineWrite[] = [
    { op: 'put_entry', ownerId: authorId, post },
    ...post.entities.mentions.map(
      (mention): TimelineWrite => ({ op: 'put_mention', userId: mention.userId, post }),
    ),
  ];
  const author = await store.authorStatus(authorId);
  const promote = author !== undefined && author.celebritySince === null && isCelebrity(author);
  if (!author || !isCelebrity(author)) {
    for await (const page of store.followerIdPages(authorId)) {
      for (const ownerId of page) writes.push({ op: 'put_entry', ownerId, post });
    }
  } else if (promote) {
    for await (const page of store.followerIdPages(authorId)) {
      for (const ownerId of page) writes.push({ op: 'put_pull', ownerId, celebrityId: authorId });
    }
  }
  await store.write(writes);
  if (promote) await store.markCelebrity(authorId, clock.now().toISOString());
  if (!(await store.postExists(authorId, post.id))) await store.write(writes.map(undo));
}

async function postDeleted({ store }: FanOutDependencies, post: Post): Promise<void> {
  const authorId = post.author.id;
  const writes: TimelineWrite[] = [
    { op: 'delete_entry', ownerId: authorId, postId: post.id },
    ...post.entities.mentions.map(
      (mention): TimelineWrite => ({ op: 'delete_mention', userId: mention.userId, postId: post.id }),
    ),
  ];
  const author = await store.authorStatus(authorId);
  // Posts from before the author became a celebrity were fanned out, so they must be removed everywhere.
  const wasFannedOut = !author?.celebritySince || post.createdAt < author.celebritySince;
  if (wasFannedOut) {
    for await (const page of store.followerIdPages(authorId)) {
      for (const ownerId of page) writes.push({ op: 'delete_entry', ownerId, postId: post.id });
    }
  }
  await store.write(writes);
}

async function followCreated(
  { store, clock }: FanOutDependencies,
  followerId: string,
  followeeId: string,
): Promise<void> {
  const followee = await store.authorStatus(followeeId);
  if (!followee) return;
  const writes: TimelineWrite[] = [];
  if (isCelebrity(followee)) {
    writes.push({ op: 'put_pull', ownerId: followerId, celebrityId: followeeId });
  } else {
    const range = { fromPostId: windowStartId(clock.now()), limit: TIMELINE_RULES.backfillPosts };
    for await (const posts of store.postPages(followeeId, range)) {
      for (const post of posts) writes.push({ op: 'put_entry', ownerId: followerId, post });
    }
    const reposted = await store.repostedPosts(followeeId, { fromId: range.fromPostId, limit: range.limit });
    for (const post of reposted) {
      const repost = repostMarkOf(post);
      if (repost) writes.push({ op: 'put_repost_entry', ownerId: followerId, post, repost });
    }
  }
  await store.write(writes);
  if (!(await store.followExists(followerId, followeeId))) await store.write(writes.map(undo));
}

async function followDeleted(
  { store, clock }: FanOutDependencies,
  followerId: string,
  followeeId: string,
): Promise<void> {
  if (await store.followExists(followerId, followeeId)) return;
  const writes: TimelineWrite[] = [{ op: 'delete_pull', ownerId: followerId, celebrityId: followeeId }];
  // Entries exist only for the followee's posts inside the window, so this range bounds the work.
  const fromPostId = windowStartId(clock.now());
  for await (const posts of store.postPages(followeeId, { fromPostId })) {
    for (const post of posts) writes.push({ op: 'delete_entry', ownerId: followerId, postId: post.id });
  }
  // A repost's entry is keyed by the repost's id, so only what came through the followee goes.
  for await (const repostIds of store.repostIdPages(followeeId, { fromId: fromPostId })) {
    for (const repostId of repostIds)
      writes.push({ op: 'delete_entry', ownerId: followerId, postId: repostId });
  }
  await store.write(writes);
}

/** The repost a post read from a user's reposts carries. */
function repostMarkOf(post: Post): RepostMark | undefined {
  if (!post.repostId || !post.repostedBy || !post.repostedAt) return undefined;
  return { id: post.repostId, by: post.repostedBy, at: post.repostedAt };
}

function undo(write: TimelineWrite): TimelineWrite {
  switch (write.op) {
    case 'put_entry':
      return { op: 'delete_entry', ownerId: write.ownerId, postId: write.post.id };
    case 'put_repost_entry':
      return { op: 'delete_entry', ownerId: write.ownerId, postId: write.repost.id };
    case 'put_mention':
      return { op: 'delete_mention', userId: write.userId, postId: write.post.id };
    case 'put_pull':
      return { op: 'delete_pull', ownerId: write.ownerId, celebrityId: write.celebrityId };
    default:
      return write;
  }
}
