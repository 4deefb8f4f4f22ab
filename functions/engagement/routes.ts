import type { HttpRoute } from '#shared/catalog';

/** Likes and reposts (docs/api.md, "Likes and reposts"). */
export const engagementRoutes: readonly HttpRoute[] = [
  {
    name: 'LikePost',
    method: 'PUT',
    path: '/v1/posts/{id}/like',
    entry: 'functions/engagement/like.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'UnlikePost',
    method: 'DELETE',
    path: '/v1/posts/{id}/like',
    entry: 'functions/engagement/unlike.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'ListLikers',
    method: 'GET',
    path: '/v1/posts/{id}/likes',
    entry: 'functions/engagement/list-likers.ts',
    auth: 'optional',
    uses: ['table:read'],
  },
  {
    name: 'RepostPost',
    method: 'PUT',
    path: '/v1/posts/{id}/repost',
    entry: 'functions/engagement/repost.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'UndoRepost',
    method: 'DELETE',
    path: '/v1/posts/{id}/repost',
    entry: 'functions/engagement/unrepost.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'ListReposters',
    method: 'GET',
    path: '/v1/posts/{id}/reposts',
    entry: 'functions/engagement/list-reposters.ts',
    auth: 'optional',
    uses: ['table:read'],
  },
  {
    name: 'ListUserLikes',
    method: 'GET',
    path: '/v1/users/{username}/likes',
    entry: 'functions/engagement/list-user-likes.ts',
    auth: 'optional',
    uses: ['table:read'],
  },
];
