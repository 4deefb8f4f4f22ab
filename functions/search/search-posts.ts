import { searchPosts } from '#shared/domain/post-search';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { SearchPostsQuery } from '#shared/schemas/post-search';
import { postSearchDeps } from './deps';

export const handler = httpHandler(
  { schemas: { query: SearchPostsQuery }, auth: 'optional' },
  async ({ query, caller }) => ok(await searchPosts(postSearchDeps, { ...query, viewerId: caller?.userId })),
);
