import { acceptFollowRequest } from '#shared/domain/relationships/relationships';
import { httpHandler } from '#shared/http/handler';
import { noContent } from '#shared/http/responses';
import { UsernamePath } from '#shared/schemas/posts';
import { relationshipDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: UsernamePath }, auth: 'required' },
  async ({ path, caller }) => {
    await acceptFollowRequest(relationshipDeps, { userId: caller.userId, username: path.username });
    return noContent();
  },
);
