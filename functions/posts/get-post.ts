import { getPost } from '#shared/domain/post';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PostPath } from '#shared/schemas/posts';
import { postDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: PostPath }, auth: 'optional' },
  async ({ path, caller }) => ok(await getPost(postDeps, path.id, caller?.userId)),
);
