import { toOwnProfile } from '#shared/domain/accounts/profile-view';
import { updateProfile } from '#shared/domain/users/update-profile';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { UpdateProfileBody } from '#shared/schemas/profile';
import { profileDeps } from './deps';

export const handler = httpHandler(
  { schemas: { body: UpdateProfileBody }, auth: 'required' },
  async ({ body, caller }) => ok(toOwnProfile(await updateProfile(profileDeps, caller.userId, body))),
);
