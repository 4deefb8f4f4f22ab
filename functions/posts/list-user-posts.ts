import { listUserPosts } from '#shared/domain/post-lists';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery, UsernamePath } from '#shared/schemas/posts';
import { userPageDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: UsernamePath, query: PageQuery }, auth: 'optional' },
  async ({ path, query, caller }) =>
    ok(await listUserPosts(userPageDeps, { username: path.username, viewerId: caller?.userId, ...query })),
);
