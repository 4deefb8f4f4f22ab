import { getUserById } from '#shared/db/user-repository';
import { toOwnProfile } from '#shared/domain/accounts/profile-view';
import { NotFoundError } from '#shared/errors';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';

export const handler = httpHandler({ auth: 'required' }, async ({ caller }) => {
  const user = await getUserById(caller.userId);
  if (!user) throw new NotFoundError('user_not_found', 'This account no longer exists');
  return ok(toOwnProfile(user));
});
