/**
 * The Mastodon-compatible API in the catalog: every route is an API Gateway route, served by one of a few
 * functions that dispatch on the route key (one function per route would multiply the stack's resources by
 * dozens). The functions' route tables are the handlers; test/unit/mastodon checks both lists agree.
 */
import type { AuthMode, Capability, HttpMethod, HttpRoute } from '#shared/catalog';

function group(
  name: string,
  entry: string,
  uses: readonly Capability[],
  auth: AuthMode,
  specs: readonly (readonly [HttpMethod, string])[],
): HttpRoute[] {
  return specs.map(([method, path]) => ({ name, entry, uses, method, path, auth }));
}

const READ: readonly Capability[] = ['table:read'];
const READ_WRITE: readonly Capability[] = ['table:read', 'table:write'];

/** The route keys of each function, with the auth mode the catalog declares for all of them. */
export const mastodonRoutes: readonly HttpRoute[] = [
  ...group('MastodonOAuth', 'functions/mastodon/oauth.ts', READ_WRITE, 'none', [
    ['POST', '/api/v1/apps'],
    ['GET', '/oauth/authorize'],
    ['POST', '/oauth/authorize'],
    ['POST', '/oauth/token'],
    ['POST', '/oauth/revoke'],
  ]),
  ...group('MastodonDiscovery', 'functions/mastodon/discovery.ts', READ, 'none', [
    ['GET', '/api/v1/instance'],
    ['GET', '/api/v2/instance'],
    ['GET', '/.well-known/nodeinfo'],
    ['GET', '/nodeinfo/2.0'],
    ['GET', '/.well-known/oauth-authorization-server'],
    ['GET', '/avatars/original/missing.png'],
    ['GET', '/headers/original/missing.png'],
    ['GET', '/api/v1/custom_emojis'],
    ['GET', '/api/v1/trends/tags'],
    ['GET', '/api/v1/trends/statuses'],
    ['GET', '/api/v1/instance/rules'],
  ]),
  ...group('MastodonAccounts', 'functions/mastodon/accounts.ts', READ_WRITE, 'optional', [
    ['GET', '/api/v1/accounts/verify_credentials'],
    ['PATCH', '/api/v1/accounts/update_credentials'],
    ['GET', '/api/v1/accounts/lookup'],
    ['GET', '/api/v1/accounts/relationships'],
    ['GET', '/api/v1/accounts/search'],
    ['GET', '/api/v1/accounts/{id}'],
    ['GET', '/api/v1/accounts/{id}/statuses'],
    ['GET', '/api/v1/accounts/{id}/followers'],
    ['GET', '/api/v1/accounts/{id}/following'],
    ['POST', '/api/v1/accounts/{id}/follow'],
    ['POST', '/api/v1/accounts/{id}/unfollow'],
    ['POST', '/api/v1/accounts/{id}/block'],
    ['POST', '/api/v1/accounts/{id}/unblock'],
    ['POST', '/api/v1/accounts/{id}/mute'],
    ['POST', '/api/v1/accounts/{id}/unmute'],
    ['GET', '/api/v1/blocks'],
    ['GET', '/api/v1/mutes'],
    ['GET', '/api/v1/follow_requests'],
    ['POST', '/api/v1/follow_requests/{id}/authorize'],
    ['POST', '/api/v1/follow_requests/{id}/reject'],
  ]),
  // Posting alone: the only route with idempotent creation (Powertools idempotency and JMESPath, ~50 KB).
  ...group('MastodonCreateStatus', 'functions/mastodon/create-status.ts', READ_WRITE, 'required', [
    ['POST', '/api/v1/statuses'],
  ]),
  ...group('MastodonStatuses', 'functions/mastodon/statuses.ts', READ_WRITE, 'optional', [
    ['GET', '/api/v1/statuses/{id}'],
    ['DELETE', '/api/v1/statuses/{id}'],
    ['GET', '/api/v1/statuses/{id}/context'],
    ['GET', '/api/v1/timelines/home'],
    ['GET', '/api/v1/timelines/public'],
    ['GET', '/api/v2/search'],
    ['POST', '/api/v1/statuses/{id}/favourite'],
    ['POST', '/api/v1/statuses/{id}/unfavourite'],
    ['POST', '/api/v1/statuses/{id}/reblog'],
    ['POST', '/api/v1/statuses/{id}/unreblog'],
    ['GET', '/api/v1/statuses/{id}/favourited_by'],
    ['GET', '/api/v1/statuses/{id}/reblogged_by'],
    ['GET', '/api/v1/favourites'],
    ['GET', '/api/v1/timelines/tag/{tag}'],
    ['GET', '/api/v1/conversations'],
    ['POST', '/api/v1/conversations/{id}/read'],
    ['DELETE', '/api/v1/conversations/{id}'],
    ['GET', '/api/v1/notifications'],
    ['GET', '/api/v1/notifications/{id}'],
    ['POST', '/api/v1/notifications/clear'],
    ['POST', '/api/v1/notifications/{id}/dismiss'],
  ]),
  ...group('MastodonPending', 'functions/mastodon/pending.ts', READ, 'required', [
    ['GET', '/api/v1/lists'],
    ['GET', '/api/v1/filters'],
    ['GET', '/api/v2/filters'],
    ['GET', '/api/v1/announcements'],
    ['GET', '/api/v1/bookmarks'],
    ['GET', '/api/v2/suggestions'],
    ['GET', '/api/v1/preferences'],
  ]),
  ...group('MastodonMarkers', 'functions/mastodon/markers.ts', READ_WRITE, 'required', [
    ['GET', '/api/v1/markers'],
    ['POST', '/api/v1/markers'],
  ]),
  {
    name: 'ListMyApps',
    method: 'GET',
    path: '/v1/me/apps',
    entry: 'functions/mastodon/list-my-apps.ts',
    auth: 'required',
    uses: READ,
  },
  {
    name: 'RevokeMyApp',
    method: 'DELETE',
    path: '/v1/me/apps/{id}',
    entry: 'functions/mastodon/revoke-my-app.ts',
    auth: 'required',
    uses: READ_WRITE,
  },
];
