import type { HttpRoute } from '#shared/catalog';

export const followRoutes: readonly HttpRoute[] = [
  {
    name: 'FollowUser',
    method: 'PUT',
    path: '/v1/users/{username}/follow',
    entry: 'functions/users/follow.ts',
    auth: true,
    uses: ['table:read', 'table:write', 'signing-key'],
  },
  {
    name: 'UnfollowUser',
    method: 'DELETE',
    path: '/v1/users/{username}/follow',
    entry: 'functions/users/unfollow.ts',
    auth: true,
    uses: ['table:read', 'table:write', 'signing-key'],
  },
  {
    name: 'ListFollowers',
    method: 'GET',
    path: '/v1/users/{username}/followers',
    entry: 'functions/users/list-followers.ts',
    auth: false,
    uses: ['table:read'],
  },
  {
    name: 'ListFollowing',
    method: 'GET',
    path: '/v1/users/{username}/following',
    entry: 'functions/users/list-following.ts',
    auth: false,
    uses: ['table:read'],
  },
];
