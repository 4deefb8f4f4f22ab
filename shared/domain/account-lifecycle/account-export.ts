/**
 * The account export (GET/POST /v1/me/export): a user asks, a stream reaction builds one JSON document of
 * everything the account holds (profile, posts, likes, reposts, follows both ways, blocks, messages sent and
 * received), stores it in the archive store and marks the request ready; the user then gets a time-limited
 * link. Building is asynchronous because a large account takes many Queries; the request item is what the
 * reaction reacts to (docs/stream.md), so a failed build is retried like any stream work.
 */
import type { Clock, IdGenerator } from '../clock';
import type { Design } from '../design';
import type { Engagement } from '../engagement/ports';
import type { DirectMessage } from '../messages';
import type { Post } from '../post';
import type { ConsumeRateLimit } from '../rate-limits';
import { type PublicUser, toUserSummary, type UserSummary } from '../user';
import type {
  AccountDataReader,
  ArchiveLinks,
  ArchiveStore,
  ExportRequest,
  ExportRequestChange,
  ExportRequestStore,
} from './export-ports';
import { allPages, collectAll } from './pages';

/** Bumped whenever the document's shape changes incompatibly (docs/api.md describes version 1). */
export const EXPORT_SCHEMA_VERSION = 1;
/** How long an archive is kept (the S3 lifecycle rule and the request's TTL say the same). */
export const EXPORT_RETENTION_DAYS = 7;
/** How long a download link works once handed out. */
export const EXPORT_LINK_TTL_SECONDS = 15 * 60;
/** A pending request younger than this is answered as is instead of starting another build. */
export const EXPORT_PENDING_REUSE_SECONDS = 3_600;

export interface AccountExportDeps {
  requests: ExportRequestStore;
  rateLimit: ConsumeRateLimit;
  clock: Clock;
  ids: IdGenerator;
}

export interface ExportBuildDeps {
  requests: ExportRequestStore;
  reader: AccountDataReader;
  archives: ArchiveStore;
  clock: Clock;
}

/** Reading a request's state needs only links to archives, not the store that writes them. */
export interface ExportStatusDeps {
  requests: ExportRequestStore;
  archives: ArchiveLinks;
  clock: Clock;
}

export type ExportStatusView =
  | { status: 'none' }
  | { status: 'pending'; requestedAt: string }
  | { status: 'ready'; requestedAt: string; readyAt: string; url: string; urlExpiresAt: string };

/**
 * Asks for a new archive. A build still under way (less than an hour old) is returned as is and costs nothing;
 * otherwise the request counts against `export:user` (a few a day).
 * @throws RateLimitedError
 */
export async function requestExport(deps: AccountExportDeps, userId: string): Promise<ExportStatusView> {
  const now = deps.clock.now().getTime();
  const current = await deps.requests.find(userId);
  if (
    current?.status === 'pending' &&
    now - Date.parse(current.requestedAt) < EXPORT_PENDING_REUSE_SECONDS * 1000
  ) {
    return { status: 'pending', requestedAt: current.requestedAt };
  }
  await deps.rateLimit('export:user', userId);
  const request: ExportRequest = {
    userId,
    exportId: deps.ids.next(new Date(now)),
    status: 'pending',
    requestedAt: new Date(now).toISOString(),
  };
  await deps.requests.savePending(request, archiveExpiresAt(now));
  return { status: 'pending', requestedAt: request.requestedAt };
}

/** Where the user's latest export stands; a ready one comes with a fresh time-limited link. */
export async function exportStatus(deps: ExportStatusDeps, userId: string): Promise<ExportStatusView> {
  const request = await deps.requests.find(userId);
  if (!request) return { status: 'none' };
  if (request.status === 'pending' || !request.archiveKey || !request.readyAt) {
    return { status: 'pending', requestedAt: request.requestedAt };
  }
  const url = await deps.archives.link(request.archiveKey, EXPORT_LINK_TTL_SECONDS);
  return {
    status: 'ready',
    requestedAt: request.requestedAt,
    readyAt: request.readyAt,
    url,
    urlExpiresAt: new Date(deps.clock.now().getTime() + EXPORT_LINK_TTL_SECONDS * 1000).toISOString(),
  };
}

/** The archive of one account, version EXPORT_SCHEMA_VERSION. */
export interface ExportDocument {
  schemaVersion: typeof EXPORT_SCHEMA_VERSION;
  exportedAt: string;
  account: {
    id: string;
    username: string;
    email: string;
    firstName: string;
    lastName: string;
    createdAt: string;
    bio: string | null;
    location: string | null;
    website: string | null;
    accountType: string;
    category: string | null;
    design: Design;
  };
  posts: Array<Omit<Post, 'author' | 'viewer' | 'repostedBy' | 'repostedAt'>>;
  likes: ExportedEngagement[];
  reposts: ExportedEngagement[];
  following: UserSummary[];
  followers: UserSummary[];
  blocks: UserSummary[];
  /** Every message the account sent or received, by conversation (oldest message first). */
  conversations: Array<{ with: UserSummary; messages: ExportedMessage[] }>;
  /** What the archive does not (yet) cover, in words. */
  notes: string[];
}

interface ExportedEngagement {
  postId: string;
  postAuthorId: string;
  at: string;
}

interface ExportedMessage {
  id: string;
  direction: 'sent' | 'received';
  text: string;
  createdAt: string;
}

/** The archive's key in the store: per user and export, so a replayed build overwrites its own object. */
export function archiveKeyOf(request: Pick<ExportRequest, 'userId' | 'exportId'>): string {
  return `exports/${request.userId}/${request.exportId}.json`;
}

/**
 * Builds the archive of a pending request, stores it and marks the request ready. Idempotent: a replay writes
 * the same key and marks the same request; a request superseded meanwhile is left to its own build.
 */
export async function buildExport(deps: ExportBuildDeps, request: ExportRequest): Promise<void> {
  const current = await deps.requests.find(request.userId);
  if (!current || current.exportId !== request.exportId || current.status !== 'pending') return;
  const document = await exportDocument(deps, request.userId);
  if (!document) return;
  const archiveKey = archiveKeyOf(request);
  await deps.archives.put(archiveKey, JSON.stringify(document));
  await deps.requests.markReady(request.userId, request.exportId, {
    readyAt: new Date(deps.clock.now().getTime()).toISOString(),
    archiveKey,
  });
}

/**
 * An archive lives as long as the request item that names it: when a built request is replaced by a new one
 * or removed (the account's erasure, the TTL at the archive's expiry), its archive is deleted. Idempotent:
 * deleting an archive already gone is not an error.
 */
export async function retireArchive(
  deps: { archives: Pick<ArchiveStore, 'remove'> },
  change: ExportRequestChange,
): Promise<void> {
  const retired = change.before.archiveKey;
  if (retired && change.after?.archiveKey !== retired) await deps.archives.remove(retired);
}

/** The document of one account, or undefined when the account is gone. */
export async function exportDocument(
  deps: Pick<ExportBuildDeps, 'reader' | 'clock'>,
  userId: string,
): Promise<ExportDocument | undefined> {
  const { reader } = deps;
  const user = await reader.profile(userId);
  if (!user) return undefined;
  const [posts, likes, reposts, following, followers, blocks, conversations] = await Promise.all([
    collectAll((page) => reader.posts(userId, page)),
    collectAll((page) => reader.engagements('like', userId, page)),
    collectAll((page) => reader.engagements('repost', userId, page)),
    collectAll((page) => reader.following(userId, page)),
    collectAll((page) => reader.followers(userId, page)),
    collectAll((page) => reader.blocks(userId, page)),
    exportConversations(reader, userId),
  ]);
  return {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exportedAt: new Date(deps.clock.now().getTime()).toISOString(),
    account: {
      id: user.id,
      username: user.username,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      createdAt: user.createdAt,
      bio: user.bio,
      location: user.location,
      website: user.website,
      accountType: user.accountType,
      category: user.category,
      design: { ...user.design },
    },
    posts: posts.map(exportedPost),
    likes: likes.map(exportedEngagement),
    reposts: reposts.map(exportedEngagement),
    following: following.map(summaryOf),
    followers: followers.map(summaryOf),
    blocks: blocks.map(summaryOf),
    conversations,
    notes: [],
  };
}

function exportedPost(post: Post): ExportDocument['posts'][number] {
  const { author: _author, viewer: _viewer, repostedBy: _by, repostedAt: _at, ...rest } = post;
  return rest;
}

function exportedEngagement(engagement: Engagement): ExportedEngagement {
  return { postId: engagement.postId, postAuthorId: engagement.postAuthorId, at: engagement.createdAt };
}

function summaryOf(user: PublicUser): UserSummary {
  return toUserSummary(user);
}

async function exportConversations(
  reader: AccountDataReader,
  userId: string,
): Promise<ExportDocument['conversations']> {
  const conversations: ExportDocument['conversations'] = [];
  for await (const views of allPages((page) => reader.conversations(userId, page))) {
    for (const view of views) {
      const messages = await collectAll((page) => reader.messages(userId, view.otherUserId, page));
      const other = messages.map((message) => counterpart(message, userId)).find(Boolean);
      conversations.push({
        with: other ?? { id: view.otherUserId, username: '', firstName: '', lastName: '' },
        messages: messages.reverse().map((message) => ({
          id: message.id,
          direction: message.sender.id === userId ? 'sent' : 'received',
          text: message.text,
          createdAt: message.createdAt,
        })),
      });
    }
  }
  return conversations;
}

function counterpart(message: DirectMessage, userId: string): UserSummary {
  return message.sender.id === userId ? message.recipient : message.sender;
}

function archiveExpiresAt(nowMs: number): number {
  return Math.floor(nowMs / 1000) + EXPORT_RETENTION_DAYS * 86_400;
}
