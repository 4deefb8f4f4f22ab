/**
 * The statuses function: the shared reads, favourites and reblogs, notifications, post search, conversations
 * and the local timeline. Posting is its own function (create-status-deps.ts): idempotency is needed there only.
 */
import { engagementStore, findEngagement } from '#shared/db/engagement-repository';
import { localPostsBefore } from '#shared/db/local-timeline-repository';
import {
  clearNotifications,
  dismissNotification,
  findNotification,
  notificationStore,
  pageNotificationsById,
} from '#shared/db/notification-repository';
import { postHydration } from '#shared/db/post-hydration';
import { loadIndexedPosts, postIndex } from '#shared/db/post-index-repository';
import { getPostsByRefs } from '#shared/db/post-lookup';
import { findPostById } from '#shared/db/post-repository';
import { consumeRateLimit } from '#shared/db/rate-limiter';
import { relationshipReads } from '#shared/db/relationship-repository';
import { getUsersByIds, userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import type { MastodonActivityDeps } from '#shared/domain/mastodon/activity';
import { postVisibility } from '#shared/domain/relationships/visibility';
import { toPublicUser, toUserSummary } from '#shared/domain/user';
import { publicUrl } from './deps';
import { conversationMessages } from './messages-deps';
import { readDeps } from './reads-deps';

export const statusesDeps: MastodonActivityDeps = {
  ...readDeps,
  get publicUrl() {
    return publicUrl();
  },
  engagement: {
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
  },
  notifications: {
    notifications: notificationStore,
    views: {
      usersById: async (userIds) => (await getUsersByIds(userIds)).map(toUserSummary),
      postsByRef: getPostsByRefs,
      relationships: relationshipReads,
    },
    find: findNotification,
    dismiss: dismissNotification,
    clear: clearNotifications,
    pageById: pageNotificationsById,
  },
  localPosts: localPostsBefore,
  findRepost: (userId, postId) => findEngagement('repost', userId, postId),
  messages: conversationMessages,
  postSearch: { index: postIndex, loadPosts: loadIndexedPosts, clock: systemClock, hydration: postHydration },
};
