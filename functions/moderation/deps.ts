/** The production wiring of reports and moderation: the moderation, user and post repositories, the limiter. */
import { moderationStore } from '#shared/db/moderation-repository';
import { revokeAllUserGrants } from '#shared/db/oauth-repository';
import { postStore } from '#shared/db/post-repository';
import { consumeRateLimit } from '#shared/db/rate-limiter';
import { userDirectory } from '#shared/db/user-directory';
import { findAnyUserByUsername } from '#shared/db/user-repository';
import { systemClock, ulidIds } from '#shared/domain/clock';
import type { ModerationDeps } from '#shared/domain/moderation/moderation';

export const moderationDeps: ModerationDeps = {
  moderation: moderationStore,
  users: { ...userDirectory, findAnyByUsername: findAnyUserByUsername },
  posts: postStore,
  revokeAppAccess: revokeAllUserGrants,
  rateLimit: consumeRateLimit,
  clock: systemClock,
  ids: ulidIds,
};
