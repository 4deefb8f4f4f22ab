import type { HttpRoute } from '#shared/catalog';

/** Public profiles, editing one's own, and user search. */
export const profileRoutes: readonly HttpRoute[] = [
  {
    name: 'SearchUsers',
    method: 'GET',
    path: '/v1/users',
    entry: 'functions/users/search-users.ts',
    auth: 'optional',
    uses: ['table:read'],
  },
  {
    name: 'GetUser',
    method: 'GET',
    path: '/v1/users/{username}',
    entry: 'functions/users/get-user.ts',
    auth: 'optional',
    uses: ['table:read'],
  },
  {
    name: 'UpdateMe',
    method: 'PATCH',
    path: '/v1/me',
    entry: 'functions/users/update-me.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
];
