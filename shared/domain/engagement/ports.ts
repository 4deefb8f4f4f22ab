/** What likes and reposts need from storage (shared/db/engagement-repository.ts implements it). */
import type { Page } from '../pagination';
import type { PageRequest, Post } from '../post';
import type { PublicUser } from '../user';
import type { EngagedBetween } from './viewer-state';

export const ENGAGEMENT_KINDS = ['like', 'repost'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

/** One like or repost. */
export interface Engagement {
  kind: EngagementKind;
  /** A ULID of the moment it was made: orders the lists, and positions a repost in timelines. */
  id: string;
  userId: string;
  postId: string;
  /** The post's author (the post's key, and whom to notify). */
  postAuthorId: string;
  createdAt: string;
}

export type { ViewerState } from './viewer-state';

/** The engagement store (shared/db/engagement-repository.ts). */
export interface EngagementStore {
  /**
   * Writes the edge and increments the post's counter in one transaction.
   * @returns false when the edge already existed (nothing changed)
   * @throws NotFoundError post_not_found when the post is gone by the time of the write
   */
  add(engagement: Engagement): Promise<boolean>;
  /**
   * Deletes the edge and decrements the post's counter in one transaction.
   * @returns false when there was no edge (nothing changed)
   */
  remove(kind: EngagementKind, userId: string, post: Pick<Post, 'id' | 'author'>): Promise<boolean>;
  /** Who liked (reposted) a post, newest first. */
  pageOfPost(kind: EngagementKind, postId: string, page: PageRequest): Promise<Page<Engagement>>;
  /** What a user liked (reposted), newest first. */
  pageByUser(kind: EngagementKind, userId: string, page: PageRequest): Promise<Page<Engagement>>;
  /**
   * The user's likes and reposts of the posts whose ids lie in [fromPostId, toPostId]: ONE Query, whatever the
   * number of posts (edges are keyed by post id under the user).
   */
  engagedBetween: EngagedBetween;
}

/** Posts by id, and many posts by key in one batched read. */
export interface PostLookup {
  findById(postId: string): Promise<Post | undefined>;
  /** The posts that still exist, in the order asked. */
  getMany(refs: ReadonlyArray<{ authorId: string; postId: string }>): Promise<Post[]>;
}

export interface UserLookup {
  findByUsername(username: string): Promise<PublicUser | undefined>;
  /** Public profiles in the order asked; gone ones dropped. */
  getMany(userIds: readonly string[]): Promise<PublicUser[]>;
}

/**
 * Who may see a post: false for the posts of a protected account to anyone but its approved followers, and
 * across a block either way (relationships/visibility.ts `postVisibility`); engaging with them is then a 404.
 */
export type PostVisibility = (viewerId: string, post: Post) => Promise<boolean>;
