import { postStore } from '#shared/db/post-repository';
import { userDirectory } from '#shared/db/user-directory';
import { listUserPosts } from '#shared/domain/post';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery, UsernamePath } from '#shared/schemas/posts';

export const handler = httpHandler(
  { schemas: { path: UsernamePath, query: PageQuery } },
  async ({ path, query }) =>
    ok(
      await listUserPosts({ posts: postStore, users: userDirectory }, { username: path.username, ...query }),
    ),
);
