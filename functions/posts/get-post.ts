import { readPost } from '#shared/domain/post-lists';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PostPath } from '#shared/schemas/posts';
import { postReadDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: PostPath }, auth: 'optional' },
  async ({ path, caller }) => ok(await readPost(postReadDeps, { postId: path.id, viewerId: caller?.userId })),
);
