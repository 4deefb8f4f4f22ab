import { getPublicProfile } from '#shared/domain/users/public-profile';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { UsernamePath } from '#shared/schemas/posts';
import { profileDeps } from './deps';

/** A public page's profile, design included; with `viewer` (both follow edges) for a signed-in reader. */
export const handler = httpHandler(
  { schemas: { path: UsernamePath }, auth: 'optional' },
  async ({ path, caller }) =>
    ok(await getPublicProfile(profileDeps, { username: path.username, viewerId: caller?.userId })),
);
