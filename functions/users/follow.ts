import { followUser } from '#shared/domain/follow';
import { httpHandler } from '#shared/http/handler';
import { noContent } from '#shared/http/responses';
import { UsernamePath } from '#shared/schemas/posts';
import { followDeps } from './deps';

/** Idempotent: following someone you already follow is the same 204. */
export const handler = httpHandler(
  { schemas: { path: UsernamePath }, auth: 'required' },
  async ({ path, caller }) => {
    await followUser(followDeps, { followerId: caller.userId, username: path.username });
    return noContent();
  },
);
