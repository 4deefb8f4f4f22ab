/**
 * Notifications: someone followed, mentioned, replied to, liked or reposted you, sent you a message, or asks
 * to follow your protected account. They
 * are written by a table-only stream reaction (never by the request that caused them), through `notify` and
 * `withdraw`, which any reaction may call. Likes and reposts of one post inside one window are one notification
 * ("Ada and 3 others liked your post"). Every write is idempotent: a notification's id is derived from what it
 * is about, and its actors are a set, so a replayed stream record changes nothing.
 */
import { encodeTime } from 'ulid';
import { ValidationError } from '#shared/errors';
import type { Clock } from '../clock';
import type { Page } from '../pagination';
import type { Post } from '../post';
import type { RelationshipReads } from '../relationships/ports';
import { loadAudience } from '../relationships/visibility';
import type { UserSummary } from '../user';

/** `follow_request`: someone asks to follow a protected account; it goes when the request is answered or withdrawn. */
export const NOTIFICATION_TYPES = [
  'follow',
  'mention',
  'reply',
  'like',
  'repost',
  'message',
  'follow_request',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

const GROUPED_TYPES: ReadonlySet<NotificationType> = new Set(['like', 'repost']);

export const NOTIFICATION_RULES = {
  /** Likes (reposts) of one post within one window of this many seconds are one notification. */
  groupWindowSeconds: 3_600,
  /** Actors kept by name in a grouped notification; beyond, only counted. */
  maxActorsStored: 100,
  /** Actors shown by name in a list item ("Ada, Bob and 3 others"). */
  actorsShown: 3,
  /** Notifications are kept this long (TTL). */
  ttlDays: 90,
  /** The unread count stops counting here (the client shows "99+"). */
  unreadCountCap: 99,
  groupedTypes: [...GROUPED_TYPES],
} as const;

/** Something that happened to `recipientId`, caused by `actorId`. */
export interface NotificationEvent {
  type: NotificationType;
  recipientId: string;
  actorId: string;
  /** When it happened (ISO): of the follow edge, the post, the like, the repost or the message. */
  at: string;
  /** The post it is about (mention, reply: the new post; like, repost: the liked post). */
  post?: { id: string; authorId: string } | undefined;
  /** The message it is about (message). */
  messageId?: string | undefined;
}

/** A notification as stored: one per id, its actors a set. */
export interface StoredNotification {
  id: string;
  type: NotificationType;
  /** Newest known first is not guaranteed: a set. `actorCount` counts those beyond `maxActorsStored` too. */
  actorIds: string[];
  actorCount: number;
  latestActorId: string;
  post?: { id: string; authorId: string } | undefined;
  messageId?: string | undefined;
  createdAt: string;
  updatedAt: string;
}

/** A notification as the API serves it. */
export interface NotificationView {
  id: string;
  type: NotificationType;
  /** The newest actor first, at most `actorsShown`. */
  actors: UserSummary[];
  /** Everyone who did it ("Ada and 3 others" is actorCount 4). */
  actorCount: number;
  post: Post | null;
  messageId: string | null;
  createdAt: string;
  updatedAt: string;
  read: boolean;
}

/** The notification store (shared/db/notification-repository.ts); every write is idempotent. */
export interface NotificationStore {
  /** Creates the notification or adds the actor to it. */
  addActor(
    recipientId: string,
    notification: Omit<StoredNotification, 'actorIds' | 'actorCount' | 'latestActorId' | 'updatedAt'>,
    actor: { id: string; at: string },
  ): Promise<void>;
  /** Takes the actor out; the notification is deleted when no actor is left. A missing one is fine. */
  removeActor(recipientId: string, notificationId: string, actorId: string): Promise<void>;
  /** Newest first; only the given types when `types` is set. */
  page(
    recipientId: string,
    page: { limit: number; cursor?: string | undefined; types?: readonly NotificationType[] | undefined },
  ): Promise<Page<StoredNotification>>;
  /** The read marker (or undefined) and how many notifications are unread by it, counting at most `cap`. */
  unread(recipientId: string, cap: number): Promise<{ marker: ReadMarker | undefined; count: number }>;
  /** Moves the read marker to `upTo` (never back), noting when (`at`, ISO time). */
  markRead(recipientId: string, upTo: string, at: string): Promise<void>;
}

/** What the reader has read: every notification up to the id `upTo`, as it stood at the time `at`. */
export interface ReadMarker {
  upTo: string;
  at: string;
}

/**
 * A notification is read when the marker covers its id and nothing joined it since the marker was set: a group
 * keeps the id of its window's start, so a like joining it after "mark read" makes it unread again.
 */
export function isNotificationRead(
  notification: Pick<StoredNotification, 'id' | 'updatedAt'>,
  marker: ReadMarker | undefined,
): boolean {
  return marker !== undefined && notification.id <= marker.upTo && notification.updatedAt <= marker.at;
}

export interface NotificationViews {
  usersById(userIds: readonly string[]): Promise<UserSummary[]>;
  postsByRef(refs: ReadonlyArray<{ authorId: string; postId: string }>): Promise<Post[]>;
  /** Actors blocked either way or muted are left out, and so are posts the reader may not see. */
  relationships: RelationshipReads;
}

const NOTIFICATION_ID = /^[0-9A-HJKMNP-TV-Z]{10}-[a-z]+-[0-9A-Za-z]{1,64}$/;

/**
 * The id of the notification an event belongs to: the time first (10 ULID time characters, so ids sort by time),
 * then the type and what it is about. Grouped types take the start of their window as the time, so every like
 * of a post in one window lands in the same notification.
 */
export function notificationId(event: NotificationEvent): string {
  const atMs = Date.parse(event.at);
  const windowMs = NOTIFICATION_RULES.groupWindowSeconds * 1000;
  const grouped = GROUPED_TYPES.has(event.type);
  const timeMs = grouped ? atMs - (atMs % windowMs) : atMs;
  const subject = grouped ? event.post?.id : (event.messageId ?? event.post?.id ?? event.actorId);
  if (!subject) throw new Error(`A ${event.type} notification needs what it is about`);
  return `${encodeTime(timeMs, 10)}-${event.type}-${subject}`;
}

export function isNotificationId(value: string): boolean {
  return NOTIFICATION_ID.test(value);
}

/** Epoch seconds at which a notification made at `at` expires. */
export function notificationExpiresAt(at: string): number {
  return Math.floor(Date.parse(at) / 1000) + NOTIFICATION_RULES.ttlDays * 86_400;
}

/** Records an event for its recipient (nothing for what you did yourself). Idempotent. */
export async function notify(deps: { notifications: NotificationStore }, event: NotificationEvent) {
  if (event.actorId === event.recipientId) return;
  await deps.notifications.addActor(
    event.recipientId,
    {
      id: notificationId(event),
      type: event.type,
      post: event.post,
      messageId: event.messageId,
      createdAt: event.at,
    },
    { id: event.actorId, at: event.at },
  );
}

/** Takes an event back (an unlike, an unfollow, a deleted post). Idempotent. */
export async function withdraw(deps: { notifications: NotificationStore }, event: NotificationEvent) {
  if (event.actorId === event.recipientId) return;
  await deps.notifications.removeActor(event.recipientId, notificationId(event), event.actorId);
}

/**
 * A page of the caller's notifications, newest first, with the actors and the post filled in by one batched
 * read each. Notifications of a post deleted since are left out (their clean-up follows through the stream).
 * Actors the reader blocks or mutes are dropped from the stored set, then the named ones that block the reader
 * or are suspended or deactivated (one batched read of the page's candidates); a notification left with no actor, or about a post the reader may
 * not see, is left out. `actorCount` counts only the actors that remain of those known by name.
 */
export async function listNotifications(
  deps: { notifications: NotificationStore; views: NotificationViews },
  input: {
    userId: string;
    limit: number;
    cursor?: string | undefined;
    types?: readonly NotificationType[] | undefined;
  },
): Promise<Page<NotificationView>> {
  const [page, state] = await Promise.all([
    deps.notifications.page(input.userId, input),
    deps.notifications.unread(input.userId, 0),
  ]);
  const items = await presentNotifications(deps.views, input.userId, page.items, state.marker);
  return { items, nextCursor: page.nextCursor };
}

/**
 * Stored notifications as the API serves them to `readerId`: the actors and posts filled in by one batched read
 * each; those of a post deleted since (or with no actor left to show) are left out. Actors the reader blocks or
 * mutes are dropped from the stored set, then the named ones that block the reader or are suspended or
 * deactivated (the reader's relations: one Query; the page's people, profiles included: one batched read); a notification about a post the reader may not see is left out.
 * `actorCount` then counts only the actors that remain of those known by name.
 */
export async function presentNotifications(
  views: NotificationViews,
  readerId: string,
  stored: readonly StoredNotification[],
  marker: ReadMarker | undefined,
): Promise<NotificationView[]> {
  const relations = await views.relationships.viewerRelations(readerId);
  const quietened = (id: string) => relations.blocked.has(id) || relations.muted.has(id);
  const candidates = (one: StoredNotification) =>
    [one.latestActorId, ...one.actorIds.filter((id) => id !== one.latestActorId)].filter(
      (id) => !quietened(id),
    );
  // A few more than are shown, so actors dropped for blocking the reader can be replaced.
  const named = (one: StoredNotification) => candidates(one).slice(0, NOTIFICATION_RULES.actorsShown + 2);
  const actorIds = [...new Set(stored.flatMap(named))];
  const postRefs = stored.flatMap((one) =>
    one.post ? [{ authorId: one.post.authorId, postId: one.post.id }] : [],
  );
  const [users, posts] = await Promise.all([views.usersById(actorIds), views.postsByRef(postRefs)]);
  const audience = await loadAudience(views.relationships, readerId, [
    ...actorIds,
    ...posts.map((post) => post.author.id),
  ]);
  const userById = new Map(users.map((user) => [user.id, user]));
  const postById = new Map(posts.map((post) => [post.id, post]));
  return stored.flatMap((one): NotificationView[] => {
    const post = one.post ? postById.get(one.post.id) : undefined;
    if (one.post && (!post || !audience.canSeePost(post, 'home'))) return [];
    const hidden = one.actorIds.filter(quietened).length;
    const namedIds = named(one).filter((id) => !audience.hidden(id));
    const blockingReader = named(one).length - namedIds.length;
    const actors = namedIds.flatMap((id) => userById.get(id) ?? []).slice(0, NOTIFICATION_RULES.actorsShown);
    if (actors.length === 0) return [];
    return [
      {
        id: one.id,
        type: one.type,
        actors,
        actorCount: Math.max(actors.length, one.actorCount - hidden - blockingReader),
        post: post ?? null,
        messageId: one.messageId ?? null,
        createdAt: one.createdAt,
        updatedAt: one.updatedAt,
        read: isNotificationRead(one, marker),
      },
    ];
  });
}

/**
 * Marks everything up to `upTo` (a notification id, usually the newest one shown) read. An id later than now is
 * refused, so notifications that do not exist yet cannot be marked read.
 * @throws ValidationError invalid_notification_id
 */
export async function markNotificationsRead(
  deps: { notifications: NotificationStore; clock: Clock },
  input: { userId: string; upTo: string },
): Promise<void> {
  const nowTime = encodeTime(deps.clock.now().getTime(), 10);
  if (!isNotificationId(input.upTo) || input.upTo.slice(0, 10) > nowTime) {
    throw new ValidationError('invalid_notification_id', 'upTo must be the id of a notification');
  }
  await deps.notifications.markRead(input.userId, input.upTo, deps.clock.now().toISOString());
}

/** How many notifications the user has not read, counting at most `unreadCountCap`. */
export async function unreadNotificationCount(
  deps: { notifications: Pick<NotificationStore, 'unread'> },
  userId: string,
): Promise<number> {
  const { count } = await deps.notifications.unread(userId, NOTIFICATION_RULES.unreadCountCap);
  return count;
}
