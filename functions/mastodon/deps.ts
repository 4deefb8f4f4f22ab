/**
 * The production wiring of the Mastodon-compatible area: the OAuth store, the same post, follow, timeline and
 * profile stores /v1 uses, and the bearer check of this surface (OAuth tokens, and /v1 access tokens too).
 */

import type { Context } from 'aws-lambda';
import { ulid } from 'ulid';
import { verifyAccessToken } from '#shared/adapters/access-tokens';
import { createPostIdempotently } from '#shared/adapters/idempotent-posting';
import {
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from '#shared/adapters/password-hasher';
import { hashToken, newSecretToken } from '#shared/adapters/secret-tokens';
import { config } from '#shared/config';
import * as accounts from '#shared/db/account-repository';
import { engagementStore, findEngagement } from '#shared/db/engagement-repository';
import { followRequestStore, followStore } from '#shared/db/follow-repository';
import { localPostsBefore } from '#shared/db/local-timeline-repository';
import {
  clearNotifications,
  dismissNotification,
  findNotification,
  notificationStore,
  pageNotificationsById,
} from '#shared/db/notification-repository';
import { oauthStore } from '#shared/db/oauth-repository';
import { postHydration } from '#shared/db/post-hydration';
import { loadIndexedPosts, postIndex } from '#shared/db/post-index-repository';
import { getPostsByRefs } from '#shared/db/post-lookup';
import { findPostById, postStore } from '#shared/db/post-repository';
import { consumeRateLimit, countPost } from '#shared/db/rate-limiter';
import { relationStore, relationshipReads } from '#shared/db/relationship-repository';
import { relationshipFlags } from '#shared/db/relationship-view-repository';
import { searchUsers } from '#shared/db/search-repository';
import { timelineReader } from '#shared/db/timeline-repository';
import { getUsersByIds, userDirectory } from '#shared/db/user-directory';
import * as userRepository from '#shared/db/user-repository';
import { systemClock, ulidIds } from '#shared/domain/clock';
import type { MastodonActivityDeps } from '#shared/domain/mastodon/activity';
import type { MastodonRelationshipDeps } from '#shared/domain/mastodon/relationships';
import { authenticateBearer, type OAuthDeps } from '#shared/domain/oauth/oauth';
import type { PostDependencies } from '#shared/domain/post';
import { postVisibility } from '#shared/domain/relationships/visibility';
import { toPublicUser, toUserSummary } from '#shared/domain/user';
import { bearerToken } from '#shared/http/authenticate';
import type { Authenticator } from '#shared/http/dialect';
import { mastodonDialect, oauthDialect } from '#shared/http/mastodon-dialect';

const postDeps: PostDependencies = {
  posts: postStore,
  users: userDirectory,
  relationships: relationshipReads,
  countPost,
  clock: systemClock,
  ids: ulidIds,
};

export const oauthDeps: OAuthDeps = {
  oauth: oauthStore,
  accounts: {
    accounts,
    rateLimit: consumeRateLimit,
    passwords: { hash: hashPassword, verify: verifyPassword, verifyDummy: verifyAgainstDummy, needsRehash },
  },
  newSecretToken,
  hashToken,
  newId: ulid,
  now: Date.now,
  get passwordGrantEnabled() {
    return config().OAUTH_PASSWORD_GRANT;
  },
};

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** OAuth tokens of this surface; a /v1 access token (a JWT) is accepted too, with every scope. */
const authenticateMastodon: Authenticator = async (event, mode, scope) => {
  if (mode === 'none') return undefined;
  const token = bearerToken(event, mode);
  if (token === undefined) return undefined;
  if (JWT_SHAPE.test(token)) return verifyAccessToken(token);
  return authenticateBearer({ oauth: oauthStore, hashToken, accounts }, token, scope);
};

export const api = mastodonDialect(authenticateMastodon);
export const oauth = oauthDialect(authenticateMastodon);

/**
 * Everything the Mastodon routes use: the stores /v1 uses for posts, follows, timelines and profiles, and for
 * favourites, reblogs, notifications and post search.
 */
export const mastodonDeps: MastodonActivityDeps & MastodonRelationshipDeps = {
  get publicUrl() {
    return config().PUBLIC_URL;
  },
  usersByIds: getUsersByIds,
  findPost: findPostById,
  users: userDirectory,
  profiles: userRepository,
  posts: postDeps,
  follows: { follows: followStore, users: userDirectory, clock: systemClock },
  relationshipFlags,
  safety: {
    relations: relationStore,
    requests: followRequestStore,
    follows: followStore,
    users: userDirectory,
    clock: systemClock,
  },
  timeline: { timeline: timelineReader, clock: systemClock, hydration: postHydration },
  hydration: postHydration,
  search: { searchUsers },
  createPost: (input, idempotencyKey, lambdaContext) =>
    createPostIdempotently(postDeps, input, idempotencyKey, lambdaContext as Context),
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
  postSearch: { index: postIndex, loadPosts: loadIndexedPosts, clock: systemClock, hydration: postHydration },
};

export { readInstanceStats as instanceStats } from '#shared/db/instance-stats-repository';

export const instanceDeps = () => ({ publicUrl: config().PUBLIC_URL, contactEmail: config().MAIL_FROM });

export const myAppsDeps = { oauth: oauthStore, accounts };
