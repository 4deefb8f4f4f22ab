import { listHashtagPosts } from '#shared/domain/post-search';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { HashtagPath, PageQuery } from '#shared/schemas/post-search';
import { postSearchDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: HashtagPath, query: PageQuery }, auth: 'optional' },
  async ({ path, query, caller }) =>
    ok(await listHashtagPosts(postSearchDeps, { tag: path.tag, viewerId: caller?.userId, ...query })),
);
