import { phoneStore } from '#shared/db/phone-repository';
import { getUserById } from '#shared/db/user-repository';
import { toOwnProfile } from '#shared/domain/accounts/profile-view';
import { systemClock } from '#shared/domain/clock';
import { smsProfile } from '#shared/domain/sms/sms-profile';
import { NotFoundError } from '#shared/errors';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';

export const handler = httpHandler({ auth: 'required' }, async ({ caller }) => {
  const [user, sms] = await Promise.all([
    getUserById(caller.userId),
    smsProfile({ phones: phoneStore, clock: systemClock }, caller.userId),
  ]);
  if (!user) throw new NotFoundError('user_not_found', 'This account no longer exists');
  return ok({ ...toOwnProfile(user), ...sms });
});
