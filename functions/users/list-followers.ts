import { listFollowers } from '#shared/domain/follow';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery, UsernamePath } from '#shared/schemas/posts';
import { followDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: UsernamePath, query: PageQuery } },
  async ({ path, query }) => ok(await listFollowers(followDeps, { username: path.username, ...query })),
);
