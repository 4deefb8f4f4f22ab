import { userNotFound } from '#shared/errors';
import type { Clock } from '../clock';
import { type NotificationStore, unreadNotificationCount } from '../notifications/notifications';
import type { PhoneStore } from '../sms/ports';
import { smsProfile } from '../sms/sms-profile';
import { toPublicUser, type User } from '../user';
import type { ProfileStore } from '../users/ports';

/** The owner's own view of the account (`GET /v1/me`, login): the public profile plus private fields. */
export function toOwnProfile(user: User) {
  return { ...toPublicUser(user), email: user.email, emailVerified: user.emailVerified };
}
export type OwnProfile = ReturnType<typeof toOwnProfile>;

export interface OwnProfileDeps {
  users: Pick<ProfileStore, 'getUserById'>;
  phones: PhoneStore;
  notifications: Pick<NotificationStore, 'unread'>;
  /** The operator role (moderation), so a client knows whether to offer the operator's screens. */
  roles: { isOperator(userId: string): Promise<boolean> };
  clock: Clock;
}

/**
 * `GET /v1/me`: the owner's profile with their phone and SMS settings, the number of unread notifications
 * (at most `NOTIFICATION_RULES.unreadCountCap`) and whether they are an operator, read in parallel.
 */
export async function getOwnProfile(deps: OwnProfileDeps, userId: string) {
  const [user, sms, unreadNotifications, operator] = await Promise.all([
    deps.users.getUserById(userId),
    smsProfile(deps, userId),
    unreadNotificationCount(deps, userId),
    deps.roles.isOperator(userId),
  ]);
  if (!user) throw userNotFound();
  return { ...toOwnProfile(user), ...sms, unreadNotifications, operator };
}
