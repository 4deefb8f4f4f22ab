import { deletePostAsOperator } from '#shared/domain/moderation/moderation';
import { httpHandler } from '#shared/http/handler';
import { noContent } from '#shared/http/responses';
import { PostPath } from '#shared/schemas/moderation';
import { moderationDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: PostPath }, auth: 'required' },
  async ({ path, caller }) => {
    await deletePostAsOperator(moderationDeps, { operatorId: caller.userId, postId: path.id });
    return noContent();
  },
);
