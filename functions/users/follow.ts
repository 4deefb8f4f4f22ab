import { followStore } from '#shared/db/follow-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock } from '#shared/domain/clock';
import { followUser } from '#shared/domain/follow';
import { httpHandler } from '#shared/http/handler';
import { noContent } from '#shared/http/responses';
import { UsernamePath } from '#shared/schemas/posts';

/** Idempotent: following someone you already follow is the same 204. */
export const handler = httpHandler(
  { schemas: { path: UsernamePath }, auth: 'required' },
  async ({ path, caller }) => {
    await followUser(
      { follows: followStore, users: userDirectory, clock: systemClock },
      { followerId: caller.userId, username: path.username },
    );
    return noContent();
  },
);
