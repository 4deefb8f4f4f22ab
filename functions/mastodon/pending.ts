/**
 * Mastodon routes for features Skylark does not have (yet). Lists of things that cannot exist here (lists,
 * filters, bookmarks, follow requests of unprotected accounts) are well-formed empty answers, never a
 * pretend success of a write. docs/mastodon.md lists them.
 */
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { dispatchByRouteKey } from '#shared/http/route-dispatch';
import { api } from './auth-deps';

const empty = (scope: string, body: unknown = []) =>
  httpHandler({ dialect: api, auth: 'required', scope }, async () => ok(body));

export const routes = {
  'GET /api/v1/lists': empty('read:lists'),
  'GET /api/v1/filters': empty('read:filters'),
  'GET /api/v2/filters': empty('read:filters'),
  'GET /api/v1/announcements': empty('read'),
  'GET /api/v1/bookmarks': empty('read:bookmarks'),
  'GET /api/v2/suggestions': empty('read'),
  'GET /api/v1/preferences': empty('read:accounts', {
    'posting:default:visibility': 'public',
    'posting:default:sensitive': false,
    'posting:default:language': null,
    'reading:expand:media': 'default',
    'reading:expand:spoilers': false,
  }),
};

export const handler = dispatchByRouteKey(routes);
