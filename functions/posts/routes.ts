import type { HttpRoute } from '#shared/catalog';

export const postsRoutes: readonly HttpRoute[] = [
  {
    name: 'CreatePost',
    method: 'POST',
    path: '/v1/posts',
    entry: 'functions/posts/create-post.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'GetPost',
    method: 'GET',
    path: '/v1/posts/{id}',
    entry: 'functions/posts/get-post.ts',
    auth: 'optional',
    uses: ['table:read'],
  },
  {
    name: 'DeletePost',
    method: 'DELETE',
    path: '/v1/posts/{id}',
    entry: 'functions/posts/delete-post.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
  {
    name: 'ListReplies',
    method: 'GET',
    path: '/v1/posts/{id}/replies',
    entry: 'functions/posts/list-replies.ts',
    auth: 'optional',
    uses: ['table:read'],
  },
  {
    name: 'ListUserPosts',
    method: 'GET',
    path: '/v1/users/{username}/posts',
    entry: 'functions/posts/list-user-posts.ts',
    auth: 'optional',
    uses: ['table:read'],
  },
];
