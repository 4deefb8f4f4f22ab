import { type HttpRoute, STREAM_CONSUMER_DEFAULTS, type StreamConsumer } from '#shared/catalog';

/** Public profiles, editing one's own, and user search. */
export const profileRoutes: readonly HttpRoute[] = [
  {
    name: 'SearchUsers',
    method: 'GET',
    path: '/v1/users',
    entry: 'functions/users/search-users.ts',
    auth: 'none',
    uses: ['table:read'],
  },
  {
    name: 'GetUser',
    method: 'GET',
    path: '/v1/users/{username}',
    entry: 'functions/users/get-user.ts',
    auth: 'none',
    uses: ['table:read'],
  },
  {
    name: 'UpdateMe',
    method: 'PATCH',
    path: '/v1/me',
    entry: 'functions/users/update-me.ts',
    auth: 'required',
    uses: ['table:write'],
  },
];

/** Rewrites a user's search-index items whenever their profile item changes. */
export const searchIndexer: StreamConsumer = {
  name: 'SearchIndexer',
  entry: 'functions/users/search-indexer.ts',
  uses: ['table:write'],
  ...STREAM_CONSUMER_DEFAULTS,
  // Profiles only; MODIFY too, since verification and name edits are updates of the same item.
  filters: [
    { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { type: { S: ['USER'] } } } },
    { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: ['USER'] } } } },
  ],
};
