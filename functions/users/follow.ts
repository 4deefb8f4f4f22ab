import { followUser } from '#shared/domain/follow';
import { httpHandler } from '#shared/http/handler';
import { accepted, noContent } from '#shared/http/responses';
import { UsernamePath } from '#shared/schemas/posts';
import { followDeps } from './deps';

/**
 * Idempotent: following someone you already follow is the same 204. A protected account is asked instead:
 * 202 {"state":"requested"} (again the same answer while the request is pending).
 */
export const handler = httpHandler(
  { schemas: { path: UsernamePath }, auth: 'required' },
  async ({ path, caller }) => {
    const outcome = await followUser(followDeps, { followerId: caller.userId, username: path.username });
    return outcome === 'requested' ? accepted({ state: 'requested' }) : noContent();
  },
);
