import { findUserByUsername } from '#shared/db/user-repository';
import { toPublicUser } from '#shared/domain/user';
import { NotFoundError } from '#shared/errors';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { UsernamePath } from '#shared/schemas/posts';

/** A public page's profile, design included. Unverified accounts have no page. */
export const handler = httpHandler({ schemas: { path: UsernamePath } }, async ({ path }) => {
  const user = await findUserByUsername(path.username);
  if (!user) throw new NotFoundError('user_not_found', `There is no user @${path.username.toLowerCase()}`);
  return ok(toPublicUser(user));
});
