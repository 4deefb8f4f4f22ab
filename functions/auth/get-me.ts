import { getOwnProfile } from '#shared/domain/accounts/profile-view';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { ownProfileDeps } from './deps';

export const handler = httpHandler({ auth: 'required' }, async ({ caller }) =>
  ok(await getOwnProfile(ownProfileDeps, caller.userId)),
);
