import type { HttpRoute } from '#shared/catalog';

/** Hashtag pages and post search, over the index the post-index reaction keeps. */
export const postSearchRoutes: readonly HttpRoute[] = [
  {
    name: 'HashtagPosts',
    method: 'GET',
    path: '/v1/hashtags/{tag}/posts',
    entry: 'functions/search/hashtag-posts.ts',
    auth: 'optional',
    uses: ['table:read'],
  },
  {
    name: 'SearchPosts',
    method: 'GET',
    path: '/v1/search/posts',
    entry: 'functions/search/search-posts.ts',
    auth: 'optional',
    uses: ['table:read'],
  },
];
