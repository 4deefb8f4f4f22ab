import { listUserPosts } from '#shared/domain/post-lists';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery, UsernamePath } from '#shared/schemas/posts';
import { postDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: UsernamePath, query: PageQuery } },
  async ({ path, query }) => ok(await listUserPosts(postDeps, { username: path.username, ...query })),
);
