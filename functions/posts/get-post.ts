import { postStore } from '#shared/db/post-repository';
import { getPost } from '#shared/domain/post';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PostPath } from '#shared/schemas/posts';

export const handler = httpHandler({ schemas: { path: PostPath } }, async ({ path }) =>
  ok(await getPost({ posts: postStore }, path.id)),
);
