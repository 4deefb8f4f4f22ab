/** The production wiring of likes and reposts: DynamoDB repositories, the rate limiter, the clock. */
import { engagementStore } from '#shared/db/engagement-repository';
import { postHydration } from '#shared/db/post-hydration';
import { getPostsByRefs } from '#shared/db/post-lookup';
import { findPostById } from '#shared/db/post-repository';
import { consumeRateLimit } from '#shared/db/rate-limiter';
import { relationshipReads } from '#shared/db/relationship-repository';
import { getUsersByIds, userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import type { EngagementDependencies } from '#shared/domain/engagement/engagement';
import { postVisibility } from '#shared/domain/relationships/visibility';
import { toPublicUser } from '#shared/domain/user';

export const engagementDeps: EngagementDependencies = {
  engagements: engagementStore,
  posts: { findById: findPostById, getMany: getPostsByRefs },
  users: {
    findByUsername: async (username) => {
      const user = await userDirectory.findByUsername(username);
      return user ? toPublicUser(user) : undefined;
    },
    getMany: async (userIds) => (await getUsersByIds(userIds)).map(toPublicUser),
  },
  rateLimit: consumeRateLimit,
  canSee: postVisibility(relationshipReads),
  relationships: relationshipReads,
  clock: systemClock,
  ids: ulidIds,
  hydration: postHydration,
};
