/**
 * What blocks, mutes and protected accounts need from storage (shared/db/relationship-repository.ts and
 * shared/db/follow-repository.ts implement these).
 */
import type { Page } from '../pagination';
import type { PublicUser } from '../user';

/** A page of a list (the shape of post.ts's PageRequest, not imported: post.ts imports this module). */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export const RELATION_KINDS = ['block', 'mute'] as const;
/** A block hides two people from each other and ends their follows; a mute only quietens one side. */
export type RelationKind = (typeof RELATION_KINDS)[number];

export const RELATIONSHIP_RULES = {
  /** Blocks one account may hold (a counter on the profile, checked in the block's transaction). */
  maxBlocks: 1_000,
  /** Mutes one account may hold. */
  maxMutes: 1_000,
  /** Pending follow requests accepted per page when protection is turned off (pages until none is left). */
  acceptPageSize: 100,
  /** Pages accepted by one call (10,000 requests), so one request's work stays bounded. */
  maxAcceptPages: 100,
} as const;

/** One block or mute. */
export interface RelationEdge {
  kind: RelationKind;
  userId: string;
  otherId: string;
  createdAt: string;
}

/** The reader's own blocks and mutes, read once per request. */
export interface ViewerRelations {
  blocked: ReadonlySet<string>;
  muted: ReadonlySet<string>;
}

/** How one other account stands towards the reader. */
export interface Standing {
  /** The account is protected: its posts are for its approved followers. */
  protected: boolean;
  /** The account blocks the reader. */
  blocksViewer: boolean;
  /** The reader follows the account (an approved follower, for a protected one). */
  followedByViewer: boolean;
  /**
   * The account is suspended or deactivated (accounts/account-state.ts): hidden from everyone else, its posts,
   * reposts and actions included, until it is active again. Read from the profile the batch already fetches.
   */
  inactive: boolean;
}

/** The batched reads every read stage uses (each method is one request, whatever the page size). */
export interface RelationshipReads {
  /** The reader's blocks and mutes: one Query of `REL#` (bounded by maxBlocks + maxMutes). */
  viewerRelations(viewerId: string): Promise<ViewerRelations>;
  /**
   * How each of `otherIds` stands towards the reader (one BatchGetItem: each one's profile, their block of the
   * reader and the reader's follow of them). Without a reader, only `protected` and `inactive` can be true.
   */
  standings(viewerId: string | undefined, otherIds: readonly string[]): Promise<Map<string, Standing>>;
}

/** Blocks and mutes (shared/db/relationship-repository.ts). */
export interface RelationStore {
  /**
   * Writes the edge and counts it on the owner's profile, in one transaction (the count guards the limit).
   * @returns false when the edge already existed (nothing changed)
   * @throws ConflictError blocks_limit / mutes_limit
   */
  add(edge: RelationEdge): Promise<boolean>;
  /** @returns false when there was no edge (nothing changed) */
  remove(kind: RelationKind, userId: string, otherId: string): Promise<boolean>;
  /** The owner's blocks (mutes) with the other accounts' current profiles, by account id. */
  page(kind: RelationKind, userId: string, page: PageRequest): Promise<Page<PublicUser>>;
}

/** Pending follow requests of protected accounts (shared/db/follow-repository.ts). */
export interface FollowRequestStore {
  /** Creates the request; false when it already exists. */
  request(edge: { requesterId: string; targetId: string; createdAt: string }): Promise<boolean>;
  /**
   * Deletes the request and creates the follow edge (counters included) in one transaction.
   * @returns false when there was no such request
   */
  accept(edge: { requesterId: string; targetId: string; createdAt: string }): Promise<boolean>;
  /** Deletes the request; false when there was none. */
  remove(targetId: string, requesterId: string): Promise<boolean>;
  /** The requesters, by account id, with their current profiles. */
  page(targetId: string, page: PageRequest): Promise<Page<PublicUser>>;
  /** The ids of up to `limit` pending requesters. */
  requesterIds(targetId: string, limit: number): Promise<string[]>;
}
