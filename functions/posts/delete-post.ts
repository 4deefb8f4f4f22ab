import { deletePost } from '#shared/domain/post';
import { httpHandler } from '#shared/http/handler';
import { noContent } from '#shared/http/responses';
import { PostPath } from '#shared/schemas/posts';
import { postDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: PostPath }, auth: 'required' },
  async ({ path, caller }) => {
    await deletePost(postDeps, { callerId: caller.userId, postId: path.id });
    return noContent();
  },
);
