/**
 * What account deletion and erasure need from storage (shared/db/account-lifecycle-repository.ts implements
 * them). Erasure reads the account's partitions page by page (each page one Query, never a Scan) and removes
 * through the same guarded writes the API uses, so every counter is corrected as an unlike or unfollow would.
 */
import type { Engagement, EngagementKind } from '../engagement/ports';
import type { ConversationView, DirectMessage } from '../messages';
import type { Page } from '../pagination';
import type { PageRequest, Post } from '../post';
import type { RelationEdge } from '../relationships/ports';

/** A deactivated account waiting for its erasure: what erasure needs once the profile is gone. */
export interface ErasureSchedule {
  userId: string;
  username: string;
  email: string;
  deactivatedAt: string;
  erasureDueAt: string;
  /** Set when the job starts erasing: from then on the account cannot be reactivated. */
  erasingSince?: string;
  /**
   * Set when the first phase (posts, likes, reposts, conversations) is done. The second phase (follows, own
   * partitions, claims) waits for a later run, so the stream reactions of the first phase still find the
   * follower edges they fan removals out along.
   */
  contentErasedAt?: string;
}

/** 'not_active': the account was not active (already deactivated, or suspended); nothing was written. */
export type DeactivationResult = 'deactivated' | 'not_active';
export type ReactivationResult = 'reactivated' | 'not_deactivated' | 'erasure_started';

export interface AccountLifecycleStore {
  /**
   * In one transaction: the account state 'deactivated' (page, posts, lists and search gone; sign-in refused),
   * the credentials marked (sessions issued before now void), the erasure scheduled.
   */
  deactivate(schedule: ErasureSchedule, nowMs: number): Promise<DeactivationResult>;
  /** Undoes deactivate, unless the erasure has started. */
  reactivate(userId: string): Promise<ReactivationResult>;
  /** Schedules due at or before `nowIso`, oldest first, one page. */
  dueErasures(nowIso: string, page: PageRequest): Promise<Page<ErasureSchedule>>;
  /** Marks the erasure started (idempotent); false when the schedule is gone (reactivated meanwhile). */
  startErasure(userId: string, nowIso: string): Promise<boolean>;
  markContentErased(userId: string, nowIso: string): Promise<void>;
  finishErasure(userId: string): Promise<void>;
}

/** The account's items, page by page, and the writes that remove them. */
export interface AccountErasureStore {
  posts(userId: string, page: PageRequest): Promise<Page<Post>>;
  /** Deletes the post with its counters (the stream removes its timeline, mention, index and engagement copies). */
  removePost(post: Post): Promise<void>;
  engagements(kind: EngagementKind, userId: string, page: PageRequest): Promise<Page<Engagement>>;
  /** Deletes the edge and decrements the post's counter (just the edge when the post is gone). */
  removeEngagement(engagement: Engagement): Promise<void>;
  /** Ids of the accounts the user follows, and of those following the user (raw edges, no profiles). */
  followeeIds(userId: string, page: PageRequest): Promise<Page<string>>;
  followerIds(userId: string, page: PageRequest): Promise<Page<string>>;
  /** Deletes the edge and corrects both counters. */
  unfollow(edge: { followerId: string; followeeId: string }): Promise<void>;
  /** The blocks and mutes other accounts hold naming the user (the reverse index: no Scan). */
  relationsNaming(userId: string, page: PageRequest): Promise<Page<RelationEdge>>;
  /** Deletes another account's block or mute edge, correcting that account's counter. */
  removeRelation(edge: RelationEdge): Promise<void>;
  /** The accounts the user asked to follow whose answer is pending (the requests sit in their partitions). */
  followRequestTargets(userId: string, page: PageRequest): Promise<Page<string>>;
  /** Deletes a pending request (its REMOVE record withdraws the target's follow_request notification). */
  withdrawFollowRequest(targetId: string, requesterId: string): Promise<void>;
  conversations(userId: string, page: PageRequest): Promise<Page<ConversationView>>;
  messages(userId: string, otherUserId: string, page: PageRequest): Promise<Page<DirectMessage>>;
  /** Deletes a whole conversation: its messages and both participants' views. */
  removeConversation(userId: string, otherUserId: string, messages: readonly DirectMessage[]): Promise<void>;
  /**
   * Deletes what is left in the account's own partitions (profile, credentials, settings, grants, timeline,
   * mentions, notifications, sessions, pending one-time tokens) and frees its username and email claims.
   */
  removeOwnPartitions(schedule: ErasureSchedule): Promise<void>;
}
