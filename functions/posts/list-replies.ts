import { listReplies } from '#shared/domain/post';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery, PostPath } from '#shared/schemas/posts';
import { postDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: PostPath, query: PageQuery }, auth: 'optional' },
  async ({ path, query, caller }) =>
    ok(await listReplies(postDeps, { postId: path.id, viewerId: caller?.userId, ...query })),
);
