import type { HttpRoute } from '#shared/catalog';

export const followRoutes: readonly HttpRoute[] = [
  {
    name: 'FollowUser',
    method: 'PUT',
    path: '/v1/users/{username}/follow',
    entry: 'functions/users/follow.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'UnfollowUser',
    method: 'DELETE',
    path: '/v1/users/{username}/follow',
    entry: 'functions/users/unfollow.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'ListFollowers',
    method: 'GET',
    path: '/v1/users/{username}/followers',
    entry: 'functions/users/list-followers.ts',
    auth: 'optional',
    uses: ['table:read'],
  },
  {
    name: 'ListFollowing',
    method: 'GET',
    path: '/v1/users/{username}/following',
    entry: 'functions/users/list-following.ts',
    auth: 'optional',
    uses: ['table:read'],
  },
];
