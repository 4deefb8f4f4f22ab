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
 * All writes are deterministic puts/deletes, so a replay writes the same items. A post's writes are handed to the
 * store page by page as the followers are read (`WriteSource`), so writing starts with the first page and no
 * follower list is held twice; only the writes themselves are kept, for the rare undo.
 */
import type { Clock } from './clock';
import type { RepostMark } from './engagement/reactions';
import { buildPageDigest, changePageDigest, type PageDigestStorage } from './page-digest';
import type { Post } from './post';
import { isCelebrity, TIMELINE_RULES, windowStartId } from './timeline';
import { recorded, type WriteSource, withFollowerWrites } from './write-source';

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
  write(writes: WriteSource<TimelineWrite>): Promise<void>;
  /** Celebrities' page digests, which their followers' home pages read instead of their pages. */
  pageDigests: PageDigestStorage;
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
  const own: TimelineWrite[] = [
    { op: 'put_entry', ownerId: authorId, post },
    ...post.entities.mentions.map(
      (mention): TimelineWrite => ({ op: 'put_mention', userId: mention.userId, post }),
    ),
  ];
  const author = await store.authorStatus(authorId);
  const promote = author !== undefined && author.celebritySince === null && isCelebrity(author);
  const perFollower =
    !author || !isCelebrity(author)
      ? (ownerId: string): TimelineWrite => ({ op: 'put_entry', ownerId, post })
      : promote
        ? (ownerId: string): TimelineWrite => ({ op: 'put_pull', ownerId, celebrityId: authorId })
        : undefined;
  const written: TimelineWrite[] = [];
  await store.write(recorded(withFollowerWrites(store.followerIdPages(authorId), own, perFollower), written));
  const entry = { position: post.id, post };
  // The digest exists before the promotion is recorded, so every post handled as a celebrity's finds it.
  if (promote) {
    await buildPageDigest(store.pageDigests, authorId, { including: entry });
    await store.markCelebrity(authorId, clock.now().toISOString());
  } else if (author && isCelebrity(author)) {
    await changePageDigest(store.pageDigests, authorId, { op: 'add', entry });
  }
  if (!(await store.postExists(authorId, post.id))) {
    await store.write(written.map(undo));
    if (author && isCelebrity(author))
      await changePageDigest(store.pageDigests, authorId, { op: 'remove', position: post.id });
  }
}

async function postDeleted({ store }: FanOutDependencies, post: Post): Promise<void> {
  const authorId = post.author.id;
  const own: TimelineWrite[] = [
    { op: 'delete_entry', ownerId: authorId, postId: post.id },
    ...post.entities.mentions.map(
      (mention): TimelineWrite => ({ op: 'delete_mention', userId: mention.userId, postId: post.id }),
    ),
  ];
  const author = await store.authorStatus(authorId);
  // Posts from before the author became a celebrity were fanned out, so they must be removed everywhere.
  const wasFannedOut = !author?.celebritySince || post.createdAt < author.celebritySince;
  const perFollower = wasFannedOut
    ? (ownerId: string): TimelineWrite => ({ op: 'delete_entry', ownerId, postId: post.id })
    : undefined;
  await store.write(withFollowerWrites(store.followerIdPages(authorId), own, perFollower));
  // Past the threshold, not only once promoted: a digest may be there already while the promotion finishes.
  if (author && isCelebrity(author))
    await changePageDigest(store.pageDigests, authorId, { op: 'remove', position: post.id });
}

async function followCreated(
  { store, clock }: FanOutDependencies,
  followerId: string,
  followeeId: string,
): Promise<void> {
  const followee = await store.authorStatus(followeeId);
  if (!followee) return;
  const written: TimelineWrite[] = [];
  const writes: WriteSource<TimelineWrite> = isCelebrity(followee)
    ? [{ op: 'put_pull', ownerId: followerId, celebrityId: followeeId }]
    : backfill(store, followerId, followeeId, clock.now());
  await store.write(recorded(writes, written));
  if (!(await store.followExists(followerId, followeeId))) await store.write(written.map(undo));
}

/** The followee's recent posts and reposts as entries of the follower's timeline, page by page. */
async function* backfill(
  store: FanOutStore,
  followerId: string,
  followeeId: string,
  now: Date,
): AsyncIterable<readonly TimelineWrite[]> {
  const range = { fromPostId: windowStartId(now), limit: TIMELINE_RULES.backfillPosts };
  for await (const posts of store.postPages(followeeId, range)) {
    yield posts.map((post): TimelineWrite => ({ op: 'put_entry', ownerId: followerId, post }));
  }
  const reposted = await store.repostedPosts(followeeId, { fromId: range.fromPostId, limit: range.limit });
  yield reposted.flatMap((post): TimelineWrite[] => {
    const repost = repostMarkOf(post);
    return repost ? [{ op: 'put_repost_entry', ownerId: followerId, post, repost }] : [];
  });
}

async function followDeleted(
  { store, clock }: FanOutDependencies,
  followerId: string,
  followeeId: string,
): Promise<void> {
  if (await store.followExists(followerId, followeeId)) return;
  await store.write(removal(store, followerId, followeeId, windowStartId(clock.now())));
}

/** The pull marker and the entries of the followee's posts and reposts in the window, page by page. */
async function* removal(
  store: FanOutStore,
  followerId: string,
  followeeId: string,
  fromPostId: string,
): AsyncIterable<readonly TimelineWrite[]> {
  yield [{ op: 'delete_pull', ownerId: followerId, celebrityId: followeeId }];
  // Entries exist only for the followee's posts inside the window, so this range bounds the work.
  for await (const posts of store.postPages(followeeId, { fromPostId })) {
    yield posts.map((post): TimelineWrite => ({ op: 'delete_entry', ownerId: followerId, postId: post.id }));
  }
  // A repost's entry is keyed by the repost's id, so only what came through the followee goes.
  for await (const repostIds of store.repostIdPages(followeeId, { fromId: fromPostId })) {
    yield repostIds.map(
      (repostId): TimelineWrite => ({ op: 'delete_entry', ownerId: followerId, postId: repostId }),
    );
  }
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
