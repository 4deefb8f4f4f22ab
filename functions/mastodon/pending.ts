/**
 * Mastodon routes for features Skylark does not have (yet). Lists of things that cannot exist here (lists,
 * filters, bookmarks, follow requests of unprotected accounts, markers) are well-formed empty answers; actions
 * that need a missing domain function (favourites, reblogs, notifications, conversations, the public and tag
 * timelines) are a clear error, never a pretend success. docs/mastodon.md lists them.
 */
import { notAvailable } from '#shared/domain/mastodon/api';
import { NotImplementedError } from '#shared/domain/mastodon/errors';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { dispatchByRouteKey } from '#shared/http/route-dispatch';
import { api } from './deps';

const empty = (scope: string, body: unknown = []) =>
  httpHandler({ dialect: api, auth: 'required', scope }, async () => ok(body));

/** 501: the route exists in Mastodon, the feature is pending on this server. */
const pending = (scope: string, feature: string) =>
  httpHandler({ dialect: api, auth: 'required', scope }, async () => {
    throw new NotImplementedError(feature);
  });

/** A write that needs a pending feature: 422 with the reason, as Mastodon answers an action it cannot do. */
const refused = (scope: string, feature: string) =>
  httpHandler({ dialect: api, auth: 'required', scope }, async () => {
    throw notAvailable(feature);
  });

export const routes = {
  'GET /api/v1/lists': empty('read:lists'),
  'GET /api/v1/filters': empty('read:filters'),
  'GET /api/v2/filters': empty('read:filters'),
  'GET /api/v1/announcements': empty('read'),
  'GET /api/v1/bookmarks': empty('read:bookmarks'),
  'GET /api/v1/follow_requests': empty('read:follows'),
  'GET /api/v2/suggestions': empty('read'),
  'GET /api/v1/markers': empty('read:statuses', {}),
  'GET /api/v1/preferences': empty('read:accounts', {
    'posting:default:visibility': 'public',
    'posting:default:sensitive': false,
    'posting:default:language': null,
    'reading:expand:media': 'default',
    'reading:expand:spoilers': false,
  }),
  'GET /api/v1/favourites': pending('read:favourites', 'Favourites'),
  'POST /api/v1/statuses/{id}/favourite': refused('write:favourites', 'Favourites'),
  'POST /api/v1/statuses/{id}/unfavourite': refused('write:favourites', 'Favourites'),
  'POST /api/v1/statuses/{id}/reblog': refused('write:statuses', 'Reblogs'),
  'POST /api/v1/statuses/{id}/unreblog': refused('write:statuses', 'Reblogs'),
  'GET /api/v1/notifications': pending('read:notifications', 'Notifications'),
  'GET /api/v1/conversations': pending('read:statuses', 'Conversations (direct messages)'),
  'GET /api/v1/timelines/public': pending('read:statuses', 'The public timeline'),
  'GET /api/v1/timelines/tag/{tag}': pending('read:statuses', 'Hashtag timelines'),
};

export const handler = dispatchByRouteKey(routes);
