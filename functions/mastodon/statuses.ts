/**
 * Mastodon statuses (with favourites and reblogs), timelines, notifications, conversations and search routes:
 * one function dispatching on the route key. Posting a status is its own function (./create-status.ts).
 */

import type { EngagementKind } from '#shared/domain/engagement/ports';
import {
  engagers,
  favourites,
  notification,
  notifications,
  publicTimeline,
  searchStatusesAndTags,
  setEngagement,
  tagTimeline,
} from '#shared/domain/mastodon/activity';
import {
  deleteStatus,
  getStatus,
  homeTimeline,
  searchAccounts,
  statusContext,
} from '#shared/domain/mastodon/api';
import {
  conversationPosition,
  conversations,
  readConversationById,
} from '#shared/domain/mastodon/conversations';
import { NotImplementedError } from '#shared/domain/mastodon/errors';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { dispatchByRouteKey } from '#shared/http/route-dispatch';
import {
  ConversationsQuery,
  CursorPageQuery,
  IdPageQuery,
  IdPath,
  NotificationPath,
  NotificationsQuery,
  PublicTimelineQuery,
  SearchQuery,
  StatusPath,
  TagPath,
} from '#shared/schemas/mastodon';
import { api } from './auth-deps';
import { cursorListReply, idPage, listReply } from './reply';
import { statusesDeps as deps } from './statuses-deps';

const SCOPE_OF: Record<EngagementKind, string> = { like: 'write:favourites', repost: 'write:statuses' };

/** favourite / unfavourite / reblog / unreblog. */
const engagementHandler = (kind: EngagementKind, on: boolean) =>
  httpHandler(
    { dialect: api, auth: 'required', scope: SCOPE_OF[kind], schemas: { path: StatusPath } },
    async ({ caller, path }) =>
      ok(await setEngagement(deps, { callerId: caller.userId, id: path.id, kind, on })),
  );

/** favourited_by / reblogged_by. */
const engagersHandler = (kind: EngagementKind, which: string) =>
  httpHandler(
    {
      dialect: api,
      auth: 'optional',
      scope: 'read:accounts',
      schemas: { path: StatusPath, query: CursorPageQuery },
    },
    async ({ path, query }) =>
      cursorListReply(await engagers(deps, { kind, id: path.id, limit: query.limit, maxId: query.max_id }), {
        publicUrl: deps.publicUrl,
        path: `/api/v1/statuses/${path.id}/${which}`,
        limit: query.limit,
      }),
  );

export const routes = {
  'GET /api/v1/statuses/{id}': httpHandler(
    { dialect: api, auth: 'optional', scope: 'read:statuses', schemas: { path: StatusPath } },
    async ({ path, caller }) => ok(await getStatus(deps, path.id, caller?.userId)),
  ),
  'DELETE /api/v1/statuses/{id}': httpHandler(
    { dialect: api, auth: 'required', scope: 'write:statuses', schemas: { path: StatusPath } },
    async ({ caller, path }) => ok(await deleteStatus(deps, caller.userId, path.id)),
  ),
  'GET /api/v1/statuses/{id}/context': httpHandler(
    { dialect: api, auth: 'optional', scope: 'read:statuses', schemas: { path: StatusPath } },
    async ({ path, caller }) => ok(await statusContext(deps, path.id, caller?.userId)),
  ),
  'GET /api/v1/timelines/home': httpHandler(
    { dialect: api, auth: 'required', scope: 'read:statuses', schemas: { query: IdPageQuery } },
    async ({ caller, query }) =>
      listReply(await homeTimeline(deps, caller.userId, idPage(query)), {
        publicUrl: deps.publicUrl,
        path: '/api/v1/timelines/home',
        limit: query.limit,
      }),
  ),
  'GET /api/v1/timelines/public': httpHandler(
    { dialect: api, auth: 'optional', scope: 'read:statuses', schemas: { query: PublicTimelineQuery } },
    async ({ caller, query }) =>
      listReply(
        await publicTimeline(
          deps,
          { ...idPage(query), remote: query.remote, onlyMedia: query.only_media },
          caller?.userId,
        ),
        {
          publicUrl: deps.publicUrl,
          path: '/api/v1/timelines/public',
          limit: query.limit,
          extra: {
            local: query.local ? 'true' : undefined,
            only_media: query.only_media ? 'true' : undefined,
          },
        },
      ),
  ),
  'POST /api/v1/statuses/{id}/favourite': engagementHandler('like', true),
  'POST /api/v1/statuses/{id}/unfavourite': engagementHandler('like', false),
  'POST /api/v1/statuses/{id}/reblog': engagementHandler('repost', true),
  'POST /api/v1/statuses/{id}/unreblog': engagementHandler('repost', false),
  'GET /api/v1/statuses/{id}/favourited_by': engagersHandler('like', 'favourited_by'),
  'GET /api/v1/statuses/{id}/reblogged_by': engagersHandler('repost', 'reblogged_by'),
  'GET /api/v1/favourites': httpHandler(
    { dialect: api, auth: 'required', scope: 'read:favourites', schemas: { query: CursorPageQuery } },
    async ({ caller, query }) =>
      cursorListReply(
        await favourites(deps, {
          callerId: caller.userId,
          limit: query.limit,
          maxId: query.max_id,
        }),
        { publicUrl: deps.publicUrl, path: '/api/v1/favourites', limit: query.limit },
      ),
  ),
  'GET /api/v1/timelines/tag/{tag}': httpHandler(
    {
      dialect: api,
      auth: 'optional',
      scope: 'read:statuses',
      schemas: { path: TagPath, query: CursorPageQuery },
    },
    async ({ caller, path, query }) =>
      cursorListReply(
        await tagTimeline(deps, {
          tag: path.tag,
          limit: query.limit,
          maxId: query.max_id,
          viewerId: caller?.userId,
        }),
        {
          publicUrl: deps.publicUrl,
          path: `/api/v1/timelines/tag/${encodeURIComponent(path.tag)}`,
          limit: query.limit,
        },
      ),
  ),
  'GET /api/v1/conversations': httpHandler(
    { dialect: api, auth: 'required', scope: 'read:statuses', schemas: { query: ConversationsQuery } },
    async ({ caller, query }) =>
      listReply(await conversations(deps, { callerId: caller.userId, ...idPage(query) }), {
        publicUrl: deps.publicUrl,
        path: '/api/v1/conversations',
        limit: query.limit,
        position: conversationPosition,
      }),
  ),
  'POST /api/v1/conversations/{id}/read': httpHandler(
    { dialect: api, auth: 'required', scope: 'write:conversations', schemas: { path: IdPath } },
    async ({ caller, path }) =>
      ok(await readConversationById(deps, { callerId: caller.userId, id: path.id })),
  ),
  // Skylark keeps one thread per pair and has no per-side hiding: a clear 501, never a pretend removal.
  'DELETE /api/v1/conversations/{id}': httpHandler(
    { dialect: api, auth: 'required', scope: 'write:conversations', schemas: { path: IdPath } },
    async () => {
      throw new NotImplementedError('Hiding a conversation');
    },
  ),
  'GET /api/v1/notifications': httpHandler(
    {
      dialect: api,
      auth: 'required',
      scope: 'read:notifications',
      schemas: { query: NotificationsQuery },
    },
    async ({ caller, query }) =>
      listReply(
        await notifications(deps, {
          callerId: caller.userId,
          ...idPage(query),
          types: query.types,
          excludeTypes: query.exclude_types,
        }),
        {
          publicUrl: deps.publicUrl,
          path: '/api/v1/notifications',
          limit: query.limit,
          extra: { 'types[]': query.types, 'exclude_types[]': query.exclude_types },
        },
      ),
  ),
  'GET /api/v1/notifications/{id}': httpHandler(
    { dialect: api, auth: 'required', scope: 'read:notifications', schemas: { path: NotificationPath } },
    async ({ caller, path }) => ok(await notification(deps, caller.userId, path.id)),
  ),
  'POST /api/v1/notifications/clear': httpHandler(
    { dialect: api, auth: 'required', scope: 'write:notifications' },
    async ({ caller }) => {
      await deps.notifications.clear(caller.userId);
      return ok({});
    },
  ),
  'POST /api/v1/notifications/{id}/dismiss': httpHandler(
    { dialect: api, auth: 'required', scope: 'write:notifications', schemas: { path: NotificationPath } },
    async ({ caller, path }) => {
      await deps.notifications.dismiss(caller.userId, path.id);
      return ok({});
    },
  ),
  'GET /api/v2/search': httpHandler(
    { dialect: api, auth: 'optional', scope: 'read:search', schemas: { query: SearchQuery } },
    async ({ query, caller }) => {
      const wants = (type: 'accounts' | 'statuses' | 'hashtags') =>
        query.type === undefined || query.type === type;
      const [accounts, found] = await Promise.all([
        wants('accounts') ? searchAccounts(deps, query, caller?.userId) : [],
        searchStatusesAndTags(
          deps,
          { q: query.q, limit: query.limit, offset: query.offset, viewerId: caller?.userId },
          { statuses: wants('statuses'), hashtags: wants('hashtags') },
        ),
      ]);
      return ok({ accounts, ...found });
    },
  ),
};

export const handler = dispatchByRouteKey(routes);
