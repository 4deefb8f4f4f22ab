/**
 * What the table-only stream reactions do about engagement (functions/reactions/reactions.ts lists them):
 * - notifications: a follow, a follow request, a mention, a reply, a like, a repost → `notify`; their undoing
 *   (or, for a request, its answer) → `withdraw`;
 * - repost fan-out: a repost puts an entry positioned at the repost's time (with `repostedBy`) into the
 *   reposter's and each follower's timeline; undoing it deletes the same keys;
 * - clean-up: a deleted post's likes and reposts are deleted, and their REMOVE records withdraw in turn the
 *   notifications and timeline entries they caused (so deleting a post removes its reposts everywhere).
 * Everything is deterministic and idempotent, and each handler converges on the current state of the table,
 * so duplicated, reordered or concurrent records end right (as in shared/domain/fan-out.ts).
 */
import {
  type NotificationEvent,
  type NotificationStore,
  notify,
  withdraw,
} from '../notifications/notifications';
import { changePageDigest, type PageDigestStorage } from '../page-digest';
import type { Post } from '../post';
import { entryExpiresAt, isCelebrity } from '../timeline';
import type { UserSummary } from '../user';
import { recorded, type WriteSource, withFollowerWrites } from '../write-source';
import type { Engagement, EngagementKind } from './ports';

export type EngagementChange =
  | { kind: 'engagement_created'; engagement: Engagement }
  | { kind: 'engagement_deleted'; engagement: Engagement };

export type PostChange = { kind: 'post_created'; post: Post } | { kind: 'post_deleted'; post: Post };

export type FollowChange =
  | { kind: 'follow_created'; followerId: string; followeeId: string; createdAt?: string | undefined }
  | { kind: 'follow_deleted'; followerId: string; followeeId: string; createdAt?: string | undefined };

/** A pending request to follow a protected account, created or gone (accepted, rejected, withdrawn, erased). */
export type FollowRequestChange = {
  kind: 'follow_request_created' | 'follow_request_deleted';
  requesterId: string;
  targetId: string;
  createdAt: string;
};

export interface NotificationReactionDeps {
  notifications: NotificationStore;
  posts: { findById(postId: string): Promise<Post | undefined> };
}

/** Likes and reposts notify the post's author (grouped per post and window); undoing one withdraws it. */
export async function notifyOfEngagement(deps: NotificationReactionDeps, change: EngagementChange) {
  const { engagement } = change;
  const event: NotificationEvent = {
    type: engagement.kind,
    recipientId: engagement.postAuthorId,
    actorId: engagement.userId,
    at: engagement.createdAt,
    post: { id: engagement.postId, authorId: engagement.postAuthorId },
  };
  if (change.kind === 'engagement_created') await notify(deps, event);
  else await withdraw(deps, event);
}

/** A new follower notifies the followee; an unfollow withdraws it. */
export async function notifyOfFollow(deps: NotificationReactionDeps, change: FollowChange) {
  // Every follow edge records when it was made; the notification's id derives from it.
  if (!change.createdAt) return;
  const event: NotificationEvent = {
    type: 'follow',
    recipientId: change.followeeId,
    actorId: change.followerId,
    at: change.createdAt,
  };
  if (change.kind === 'follow_created') await notify(deps, event);
  else await withdraw(deps, event);
}

/**
 * A reply notifies the parent's author; a mention, each user mentioned (not twice: the parent's author mentioned
 * in a reply gets the reply only). Deleting the post withdraws them.
 */
export async function notifyOfPost(deps: NotificationReactionDeps, change: PostChange) {
  const { post } = change;
  const parent = post.replyTo ? await deps.posts.findById(post.replyTo) : undefined;
  const about = { id: post.id, authorId: post.author.id };
  const events: NotificationEvent[] = [];
  if (parent) {
    events.push({
      type: 'reply',
      recipientId: parent.author.id,
      actorId: post.author.id,
      at: post.createdAt,
      post: about,
    });
  }
  const mentioned = new Set(post.entities.mentions.map((mention) => mention.userId));
  if (parent) mentioned.delete(parent.author.id);
  for (const userId of mentioned) {
    events.push({
      type: 'mention',
      recipientId: userId,
      actorId: post.author.id,
      at: post.createdAt,
      post: about,
    });
  }
  const apply = change.kind === 'post_created' ? notify : withdraw;
  await Promise.all(events.map((event) => apply(deps, event)));
}

/** A repost as its timeline entries show it. */
export interface RepostMark {
  /** The repost's ULID: the entry's position in timelines. */
  id: string;
  by: UserSummary;
  at: string;
}

export type RepostWrite =
  | { op: 'put_repost'; ownerId: string; post: Post; repost: RepostMark }
  | { op: 'delete_repost'; ownerId: string; repostId: string };

export interface RepostFanOutStore {
  /** The reposter's summary and celebrity status (consistent), or undefined when the account is gone. */
  reposter(
    userId: string,
  ): Promise<(UserSummary & { followerCount: number; celebritySince: string | null }) | undefined>;
  /** The post as it is now (consistent), or undefined when it is gone. */
  post(authorId: string, postId: string): Promise<Post | undefined>;
  followerIdPages(userId: string): AsyncIterable<string[]>;
  engagementExists(kind: EngagementKind, userId: string, postId: string): Promise<boolean>;
  /** Applies the writes in 25-item batches, retrying unprocessed items; throws if any is left. */
  write(writes: WriteSource<RepostWrite>): Promise<void>;
  /** Celebrities' page digests (shared/domain/page-digest.ts), which hold their reposts too. */
  pageDigests: PageDigestStorage;
}

/** Epoch seconds after which a repost's timeline entry expires (the timeline window, from the repost). */
export function repostEntryExpiresAt(repost: Pick<RepostMark, 'at'>): number {
  return entryExpiresAt({ createdAt: repost.at });
}

/**
 * A repost into the reposter's and every follower's timeline; then, if the repost (or the post) is already gone,
 * the same entries are removed again. A celebrity's reposts are not fanned out (as their posts are not): they
 * show on the reposter's page, which their followers' home timelines merge in at read time.
 */
export async function fanOutRepost(deps: { store: RepostFanOutStore }, change: EngagementChange) {
  const { engagement } = change;
  if (engagement.kind !== 'repost') return;
  const { store } = deps;
  const undoInDigest = () =>
    changePageDigest(store.pageDigests, engagement.userId, { op: 'remove', position: engagement.id });
  if (change.kind === 'engagement_deleted') {
    await store.write(
      repostOwners(store, engagement, false, (ownerId) => ({
        op: 'delete_repost',
        ownerId,
        repostId: engagement.id,
      })),
    );
    // Whoever has a digest (a celebrity, possibly promoted since the repost) loses the repost from it.
    await undoInDigest();
    return;
  }
  const [reposter, post] = await Promise.all([
    store.reposter(engagement.userId),
    store.post(engagement.postAuthorId, engagement.postId),
  ]);
  if (!reposter || !post) return;
  const { followerCount: _count, celebritySince: _since, ...by } = reposter;
  const repost: RepostMark = { id: engagement.id, by, at: engagement.createdAt };
  // Like their posts, a celebrity's reposts are pulled by their followers at read time (the pull markers). Only
  // once promoted: before that their followers have no marker yet, so the repost is fanned out like any other.
  const pulled = reposter.celebritySince !== null;
  const written: RepostWrite[] = [];
  await store.write(
    recorded(
      repostOwners(store, engagement, pulled, (ownerId) => ({ op: 'put_repost', ownerId, post, repost })),
      written,
    ),
  );
  // Into the digest past the threshold, not only once promoted: a digest built by a promotion still under way
  // must not miss a repost fanned out meanwhile (a later follower gets only a pull marker).
  const digested = isCelebrity(reposter);
  if (digested) {
    const shown: Post = { ...post, repostId: repost.id, repostedBy: by, repostedAt: repost.at };
    await changePageDigest(store.pageDigests, engagement.userId, {
      op: 'add',
      entry: { position: repost.id, post: shown },
    });
  }
  if (!(await store.engagementExists('repost', engagement.userId, engagement.postId))) {
    await store.write(
      written.map((write) => ({ op: 'delete_repost', ownerId: write.ownerId, repostId: engagement.id })),
    );
    if (digested) await undoInDigest();
  }
}

/** The reposter's own entry, then (unless only the reposter's) one per follower, page by page. */
function repostOwners(
  store: RepostFanOutStore,
  engagement: Engagement,
  reposterOnly: boolean,
  write: (ownerId: string) => RepostWrite,
): AsyncIterable<readonly RepostWrite[]> {
  return withFollowerWrites(
    store.followerIdPages(engagement.userId),
    [write(engagement.userId)],
    reposterOnly ? undefined : write,
  );
}

export interface EngagementCleanupStore {
  engagementPages(kind: EngagementKind, postId: string): AsyncIterable<Engagement[]>;
  deleteEngagements(engagements: readonly Engagement[]): Promise<void>;
}

/** A deleted post's likes and reposts go; their REMOVE records undo their notifications and timeline entries. */
export async function removeEngagementsOfPost(deps: { store: EngagementCleanupStore }, change: PostChange) {
  if (change.kind !== 'post_deleted') return;
  for (const kind of ['like', 'repost'] as const) {
    for await (const page of deps.store.engagementPages(kind, change.post.id)) {
      await deps.store.deleteEngagements(page);
    }
  }
}

/**
 * A request to follow a protected account notifies its owner; accepting, rejecting or withdrawing it (the
 * request item's REMOVE) withdraws the notification, and an accepted one is followed by the `follow`
 * notification of the new edge.
 */
export async function notifyOfFollowRequest(deps: NotificationReactionDeps, change: FollowRequestChange) {
  const event: NotificationEvent = {
    type: 'follow_request',
    recipientId: change.targetId,
    actorId: change.requesterId,
    at: change.createdAt,
  };
  if (change.kind === 'follow_request_created') await notify(deps, event);
  else await withdraw(deps, event);
}
