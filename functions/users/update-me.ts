import * as users from '#shared/db/user-repository';
import { toOwnProfile } from '#shared/domain/accounts/profile-view';
import { updateProfile } from '#shared/domain/users/update-profile';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { UpdateProfileBody } from '#shared/schemas/profile';

export const handler = httpHandler(
  { schemas: { body: UpdateProfileBody }, auth: 'required' },
  async ({ body, caller }) => ok(toOwnProfile(await updateProfile({ users }, caller.userId, body))),
);
