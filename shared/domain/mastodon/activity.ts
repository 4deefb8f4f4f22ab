/**
 * The Mastodon client API over Skylark's engagement domain: favourites and reblogs (likes and reposts),
 * who favourited or reblogged, the caller's favourites, notifications, hashtag timelines and status search.
 * The same domain functions as /v1 (engage, listEngagers, listUserLikes, listNotifications, post search).
 */

import { isAccountVisible } from '#shared/domain/accounts/account-state';
import {
  disengage,
  type EngagementDependencies,
  type EngagementKind,
  engage,
  listEngagers,
  listUserLikes,
} from '#shared/domain/engagement/engagement';
import {
  type NotificationStore,
  type NotificationType,
  type NotificationView,
  type NotificationViews,
  presentNotifications,
  type StoredNotification,
} from '#shared/domain/notifications/notifications';
import {
  listHashtagPosts,
  type PostSearchDeps,
  parsePostQuery,
  searchPosts,
} from '#shared/domain/post-search';
import { toPublicUser, toUserSummary } from '#shared/domain/user';
import { NotFoundError } from '#shared/errors';
import { findStatus, getStatus, type MastodonDeps, recordNotFound, userById } from './api';
import type { MastodonConversationDeps } from './conversations';
import { type MastodonAccount, type MastodonStatus, toAccount, toTag } from './entities';
import { type CursorPage, type IdPage, type PostSource, pagePosts } from './paging';
import { presentStatus, presentStatuses } from './present';

export type { CursorPage } from './paging';

export interface MastodonActivityDeps extends MastodonDeps {
  engagement: EngagementDependencies;
  notifications: {
    notifications: NotificationStore;
    views: NotificationViews;
    find(recipientId: string, notificationId: string): Promise<StoredNotification | undefined>;
    dismiss(recipientId: string, notificationId: string): Promise<void>;
    clear(recipientId: string): Promise<void>;
    /** Newest first, by id: older than maxId, newer than sinceId or right after minId. */
    pageById(
      recipientId: string,
      page: IdPage & { types?: readonly NotificationType[] | undefined },
    ): Promise<StoredNotification[]>;
  };
  postSearch: PostSearchDeps;
  /** Direct messages, read as conversations (shared/domain/mastodon/conversations.ts). */
  messages: MastodonConversationDeps['messages'];
  /** The local timeline's source: top-level posts older than `before`, newest first. */
  localPosts: PostSource;
  /** The caller's repost of a post (its id and time), read back after reblogging. */
  findRepost(userId: string, postId: string): Promise<{ id: string; createdAt: string } | undefined>;
}

/**
 * Favourite (like) or reblog (repost) a status, or undo it; idempotent like /v1. Answers as Mastodon does: the
 * status with the caller's state, and for a reblog the caller's wrapper status (the repost's id and time, the
 * original in `reblog`) — the same status the home timeline and the caller's account show for it.
 */
export async function setEngagement(
  deps: MastodonActivityDeps,
  input: { callerId: string; id: string; kind: EngagementKind; on: boolean },
): Promise<MastodonStatus> {
  const change = { kind: input.kind, userId: input.callerId, postId: input.id };
  try {
    if (input.on) await engage(deps.engagement, change);
    else await disengage(deps.engagement, change);
  } catch (error) {
    if (error instanceof NotFoundError) throw recordNotFound();
    throw error;
  }
  if (input.kind !== 'repost' || !input.on) return getStatus(deps, input.id, input.callerId);
  const [post, repost, reposter] = await Promise.all([
    findStatus(deps, input.id),
    deps.findRepost(input.callerId, input.id),
    userById(deps, input.callerId),
  ]);
  // Undone in between (another client): the original with the caller's state, as for unreblog.
  if (!repost) return getStatus(deps, input.id, input.callerId);
  return presentStatus(
    deps,
    { ...post, repostId: repost.id, repostedBy: toUserSummary(reposter), repostedAt: repost.createdAt },
    input.callerId,
  );
}

/** favourited_by / reblogged_by: the accounts, newest first. */
export async function engagers(
  deps: MastodonActivityDeps,
  input: { kind: EngagementKind; id: string; limit: number; maxId?: string | undefined },
): Promise<CursorPage<MastodonAccount>> {
  try {
    const page = await listEngagers(deps.engagement, {
      kind: input.kind,
      postId: input.id,
      limit: input.limit,
      cursor: input.maxId,
    });
    return { items: page.items.map((user) => toAccount(user, deps)), nextMaxId: page.nextCursor };
  } catch (error) {
    if (error instanceof NotFoundError) throw recordNotFound();
    throw error;
  }
}

/** GET /api/v1/favourites: what the caller liked, newest like first. */
export async function favourites(
  deps: MastodonActivityDeps,
  input: { callerId: string; limit: number; maxId?: string | undefined },
): Promise<CursorPage<MastodonStatus>> {
  const caller = await userById(deps, input.callerId);
  const page = await listUserLikes(deps.engagement, {
    username: caller.username,
    viewerId: input.callerId,
    limit: input.limit,
    cursor: input.maxId,
  });
  return {
    items: await presentStatuses(deps, page.items, input.callerId, { hydrated: true }),
    nextMaxId: page.nextCursor,
  };
}

/** Skylark's notification types as Mastodon names them (a reply mentions its parent's author in Mastodon). */
const MASTODON_TYPE: Record<Exclude<NotificationType, 'message'>, string> = {
  follow: 'follow',
  mention: 'mention',
  reply: 'mention',
  like: 'favourite',
  repost: 'reblog',
  follow_request: 'follow_request',
};
const SKYLARK_TYPES = Object.keys(MASTODON_TYPE) as Array<keyof typeof MASTODON_TYPE>;

/**
 * The Skylark types a Mastodon `types[]` / `exclude_types[]` pair selects. Direct-message notifications are not
 * Mastodon notifications (clients read them as conversations); types Skylark has no such events for select none.
 */
export function notificationTypesFor(input: {
  types?: readonly string[] | undefined;
  excludeTypes?: readonly string[] | undefined;
}): NotificationType[] {
  const wanted = input.types && input.types.length > 0 ? new Set(input.types) : undefined;
  const excluded = new Set(input.excludeTypes ?? []);
  return SKYLARK_TYPES.filter((type) => {
    const name = MASTODON_TYPE[type];
    return (wanted === undefined || wanted.has(name)) && !excluded.has(name);
  });
}

async function toNotifications(
  deps: MastodonActivityDeps,
  callerId: string,
  views: readonly NotificationView[],
) {
  const shown = views.filter((view) => view.type !== 'message');
  const [users, statuses] = await Promise.all([
    deps.usersByIds([...new Set(shown.flatMap((view) => view.actors.slice(0, 1).map((actor) => actor.id)))]),
    presentStatuses(
      deps,
      shown.flatMap((view) => (view.post ? [view.post] : [])),
      callerId,
    ),
  ]);
  const userById = new Map(users.map((user) => [user.id, user]));
  const statusById = new Map(statuses.map((status) => [status.id, status]));
  return shown.flatMap((view) => {
    const actor = view.actors[0] && userById.get(view.actors[0].id);
    if (!actor || view.type === 'message') return [];
    return [
      {
        id: view.id,
        type: MASTODON_TYPE[view.type],
        // The latest activity: a grouped notification (likes of one post in one window) moves up as it grows.
        created_at: view.updatedAt,
        account: toAccount(toPublicUser(actor), deps),
        status: view.post ? (statusById.get(view.post.id) ?? null) : null,
      },
    ];
  });
}
export type MastodonNotification = Awaited<ReturnType<typeof toNotifications>>[number];

/**
 * GET /api/v1/notifications: newest first, filtered by Mastodon types, paged by notification id (`max_id`,
 * `since_id`, `min_id`), as clients build those from the ids they hold.
 */
export async function notifications(
  deps: MastodonActivityDeps,
  input: IdPage & {
    callerId: string;
    types?: readonly string[] | undefined;
    excludeTypes?: readonly string[] | undefined;
  },
): Promise<MastodonNotification[]> {
  const types = notificationTypesFor(input);
  if (types.length === 0) return [];
  const [stored, state] = await Promise.all([
    deps.notifications.pageById(input.callerId, {
      limit: input.limit,
      maxId: input.maxId,
      sinceId: input.sinceId,
      minId: input.minId,
      types,
    }),
    deps.notifications.notifications.unread(input.callerId, 0),
  ]);
  const views = await presentNotifications(deps.notifications.views, input.callerId, stored, state.marker);
  return toNotifications(deps, input.callerId, views);
}

/** GET /api/v1/notifications/:id. @throws NotFoundError (Mastodon's "Record not found") */
export async function notification(
  deps: MastodonActivityDeps,
  callerId: string,
  id: string,
): Promise<MastodonNotification> {
  const stored = await deps.notifications.find(callerId, id);
  const views = stored
    ? await presentNotifications(deps.notifications.views, callerId, [stored], undefined)
    : [];
  const [found] = await toNotifications(deps, callerId, views);
  if (!found) throw recordNotFound();
  return found;
}

/** Hashtag timeline: the posts with the tag, newest first (folded as /v1 folds tags). */
export async function tagTimeline(
  deps: MastodonActivityDeps,
  input: { tag: string; limit: number; maxId?: string | undefined; viewerId?: string | undefined },
): Promise<CursorPage<MastodonStatus>> {
  const page = await listHashtagPosts(deps.postSearch, {
    tag: input.tag,
    limit: input.limit,
    cursor: input.maxId,
    viewerId: input.viewerId,
  });
  return {
    items: await presentStatuses(deps, page.items, input.viewerId, { hydrated: true }),
    nextMaxId: page.nextCursor,
  };
}

/**
 * v2 search of statuses (a `#tag`, or one word prefix over recent posts, as GET /v1/search/posts) with offset
 * paging, and of hashtags (the tag itself when any post carries it). A query the post search cannot answer
 * (several words, one letter) finds no statuses or hashtags, as Mastodon finds none.
 */
export async function searchStatusesAndTags(
  deps: MastodonActivityDeps,
  input: { q: string; limit: number; offset: number; viewerId?: string | undefined },
  want: { statuses: boolean; hashtags: boolean },
): Promise<{ statuses: MastodonStatus[]; hashtags: ReturnType<typeof toTag>[] }> {
  let query: ReturnType<typeof parsePostQuery>;
  try {
    query = parsePostQuery(input.q);
  } catch {
    return { statuses: [], hashtags: [] };
  }
  const [found, tagged] = await Promise.all([
    want.statuses
      ? searchPosts(deps.postSearch, {
          q: input.q,
          limit: Math.min(100, input.offset + input.limit),
          viewerId: input.viewerId,
        })
      : undefined,
    want.hashtags
      ? listHashtagPosts(deps.postSearch, {
          tag: query.kind === 'hashtag' ? query.tag : query.prefix,
          limit: 1,
        })
      : undefined,
  ]);
  const statuses = found
    ? await presentStatuses(
        deps,
        found.items.slice(input.offset, input.offset + input.limit),
        input.viewerId,
        { hydrated: true },
      )
    : [];
  const tag = query.kind === 'hashtag' ? query.tag : query.prefix;
  const hashtags = tagged && tagged.items.length > 0 && input.offset === 0 ? [toTag(tag, deps)] : [];
  return { statuses, hashtags };
}

/**
 * GET /api/v1/timelines/public: every top-level post on this server, newest first, id paged (Mastodon's public
 * timelines leave replies and reblogs out). Skylark does not federate, so `local=true` and the default are the
 * same list and `remote=true` is empty. A protected account's posts are for its approved followers, never public,
 * and suspended or deactivated accounts' posts are hidden; the hydrate stage then drops what the reader blocks or
 * is blocked by.
 */
export async function publicTimeline(
  deps: MastodonActivityDeps,
  page: IdPage & { remote?: boolean | undefined; onlyMedia?: boolean | undefined },
  viewerId?: string,
): Promise<MastodonStatus[]> {
  if (page.remote) return [];
  const hidden = new Set<string>();
  const source: PostSource = async (before, limit) => {
    const read = await deps.localPosts(before, limit);
    const authors = await deps.usersByIds([...new Set(read.posts.map((post) => post.author.id))]);
    const shown = new Set(
      authors.filter((user) => isAccountVisible(user) && !user.protected).map((u) => u.id),
    );
    for (const post of read.posts) if (!shown.has(post.author.id)) hidden.add(post.id);
    return read;
  };
  const posts = await pagePosts(source, page, (post) => {
    if (hidden.has(post.id)) return false;
    return !page.onlyMedia || post.attachments.some((attachment) => attachment.kind !== 'link');
  });
  return presentStatuses(deps, posts, viewerId);
}
