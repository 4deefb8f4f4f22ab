import { listFollowers } from '#shared/domain/follow';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery, UsernamePath } from '#shared/schemas/posts';
import { followListDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: UsernamePath, query: PageQuery }, auth: 'optional' },
  async ({ path, query, caller }) =>
    ok(await listFollowers(followListDeps, { username: path.username, viewerId: caller?.userId, ...query })),
);
