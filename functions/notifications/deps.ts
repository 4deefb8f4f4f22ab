/** The production wiring of notifications: the notification repository and batched profile and post reads. */
import { notificationStore } from '#shared/db/notification-repository';
import { getPostsByRefs } from '#shared/db/post-lookup';
import { relationshipReads } from '#shared/db/relationship-repository';
import { getUsersByIds } from '#shared/db/user-directory';
import { systemClock } from '#shared/domain/clock';
import { toUserSummary } from '#shared/domain/user';

export const notificationDeps = {
  notifications: notificationStore,
  views: {
    usersById: async (userIds: readonly string[]) => (await getUsersByIds(userIds)).map(toUserSummary),
    postsByRef: getPostsByRefs,
    relationships: relationshipReads,
  },
  clock: systemClock,
};
