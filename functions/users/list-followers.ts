import { followStore } from '#shared/db/follow-repository';
import { userDirectory } from '#shared/db/user-directory';
import { listFollowers } from '#shared/domain/follow';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery, UsernamePath } from '#shared/schemas/posts';

export const handler = httpHandler(
  { schemas: { path: UsernamePath, query: PageQuery } },
  async ({ path, query }) =>
    ok(
      await listFollowers(
        { follows: followStore, users: userDirectory },
        { username: path.username, ...query },
      ),
    ),
);
