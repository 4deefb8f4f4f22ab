/**
 * Mastodon routes for features Skylark does not have (yet). Lists of things that cannot exist here (lists,
 * filters, bookmarks, follow requests of unprotected accounts, markers) are well-formed empty answers; what needs
 * a missing piece (conversations, the public timeline) is a clear error, never a pretend success.
 * docs/mastodon.md lists them.
 */
import { NotImplementedError } from '#shared/domain/mastodon/errors';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { dispatchByRouteKey } from '#shared/http/route-dispatch';
import { api } from './auth-deps';

const empty = (scope: string, body: unknown = []) =>
  httpHandler({ dialect: api, auth: 'required', scope }, async () => ok(body));

/** 501: the route exists in Mastodon, the feature is pending on this server. */
const pending = (scope: string, feature: string) =>
  httpHandler({ dialect: api, auth: 'required', scope }, async () => {
    throw new NotImplementedError(feature);
  });

export const routes = {
  'GET /api/v1/lists': empty('read:lists'),
  'GET /api/v1/filters': empty('read:filters'),
  'GET /api/v2/filters': empty('read:filters'),
  'GET /api/v1/announcements': empty('read'),
  'GET /api/v1/bookmarks': empty('read:bookmarks'),
  'GET /api/v2/suggestions': empty('read'),
  'GET /api/v1/markers': empty('read:statuses', {}),
  'GET /api/v1/preferences': empty('read:accounts', {
    'posting:default:visibility': 'public',
    'posting:default:sensitive': false,
    'posting:default:language': null,
    'reading:expand:media': 'default',
    'reading:expand:spoilers': false,
  }),
  'GET /api/v1/conversations': pending('read:statuses', 'Conversations (direct messages)'),
};

export const handler = dispatchByRouteKey(routes);
