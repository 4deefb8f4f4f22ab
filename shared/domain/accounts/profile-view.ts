import type { User } from '#shared/domain/user';
import { toPublicUser } from '#shared/domain/user';

/** The owner's own view of the account (`GET /v1/me`, login): the public profile plus private fields. */
export function toOwnProfile(user: User) {
  return { ...toPublicUser(user), email: user.email, emailVerified: user.emailVerified };
}
export type OwnProfile = ReturnType<typeof toOwnProfile>;
