/**
 * What the account export needs from storage and the outside world (shared/db/account-export-repository.ts,
 * shared/adapters/archive-store.ts implement them).
 */
import type { Engagement } from '../engagement/ports';
import type { ConversationView, DirectMessage } from '../messages';
import type { Page } from '../pagination';
import type { PageRequest, Post } from '../post';
import type { PublicUser, User } from '../user';

export type ExportStatus = 'pending' | 'ready';

/** The latest export request of a user (one at a time). */
export interface ExportRequest {
  userId: string;
  /** ULID: names the archive, and tells a stale build from the current one. */
  exportId: string;
  status: ExportStatus;
  requestedAt: string;
  /** Once built: when, and the archive's key in the archive store. */
  readyAt?: string;
  archiveKey?: string;
}

/** A change of a user's export request item: the request before, and after unless the item was removed. */
export interface ExportRequestChange {
  before: ExportRequest;
  after?: ExportRequest | undefined;
}

export interface ExportRequestStore {
  find(userId: string): Promise<ExportRequest | undefined>;
  /** Replaces the user's request with a new pending one (expiring with the archive it will produce). */
  savePending(request: ExportRequest, expiresAt: number): Promise<void>;
  /** Marks the request built, if it is still the one with this export id (a newer request wins). */
  markReady(userId: string, exportId: string, ready: { readyAt: string; archiveKey: string }): Promise<void>;
}

/** The account's data, read through the same access patterns the API serves (each page one Query). */
export interface AccountDataReader {
  profile(userId: string): Promise<User | undefined>;
  posts(userId: string, page: PageRequest): Promise<Page<Post>>;
  engagements(kind: Engagement['kind'], userId: string, page: PageRequest): Promise<Page<Engagement>>;
  following(userId: string, page: PageRequest): Promise<Page<PublicUser>>;
  followers(userId: string, page: PageRequest): Promise<Page<PublicUser>>;
  conversations(userId: string, page: PageRequest): Promise<Page<ConversationView>>;
  messages(userId: string, otherUserId: string, page: PageRequest): Promise<Page<DirectMessage>>;
  /** The accounts the user blocks. */
  blocks(userId: string, page: PageRequest): Promise<Page<PublicUser>>;
}

/** How a client fetches an archive: a presigned S3 URL, or a local signed link. */
export interface ArchiveLinks {
  /** A link that works for `expiresInSeconds`, then stops working. */
  link(key: string, expiresInSeconds: number): Promise<string>;
}

/** Where archives are kept, and their links. */
export interface ArchiveStore extends ArchiveLinks {
  put(key: string, document: string): Promise<void>;
  remove(key: string): Promise<void>;
}
