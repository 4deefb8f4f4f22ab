import { listReplies } from '#shared/domain/post-lists';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery, PostPath } from '#shared/schemas/posts';
import { postReadDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: PostPath, query: PageQuery }, auth: 'optional' },
  async ({ path, query, caller }) =>
    ok(await listReplies(postReadDeps, { postId: path.id, viewerId: caller?.userId, ...query })),
);
