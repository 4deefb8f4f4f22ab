import { postStore } from '#shared/db/post-repository';
import { listReplies } from '#shared/domain/post';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery, PostPath } from '#shared/schemas/posts';

export const handler = httpHandler(
  { schemas: { path: PostPath, query: PageQuery } },
  async ({ path, query }) => ok(await listReplies({ posts: postStore }, { postId: path.id, ...query })),
);
