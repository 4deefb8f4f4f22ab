import { followStore } from '#shared/db/follow-repository';
import { userDirectory } from '#shared/db/user-directory';
import { unfollowUser } from '#shared/domain/follow';
import { httpHandler } from '#shared/http/handler';
import { noContent } from '#shared/http/responses';
import { UsernamePath } from '#shared/schemas/posts';

/** Idempotent: unfollowing someone you do not follow is the same 204. */
export const handler = httpHandler(
  { schemas: { path: UsernamePath }, auth: 'required' },
  async ({ path, caller }) => {
    await unfollowUser(
      { follows: followStore, users: userDirectory },
      { followerId: caller.userId, username: path.username },
    );
    return noContent();
  },
);
