/**
 * What the accounts and statuses functions share: the stores /v1 uses for posts, follows, timelines, profiles
 * and people search, the hydrate stage, and the Relationship flags.
 */
import { followStore } from '#shared/db/follow-repository';
import { postHydration } from '#shared/db/post-hydration';
import { findPostById, postStore } from '#shared/db/post-repository';
import { relationshipReads } from '#shared/db/relationship-repository';
import { relationshipFlags } from '#shared/db/relationship-view-repository';
import { searchUsers } from '#shared/db/search-repository';
import { timelineReader } from '#shared/db/timeline-repository';
import { getUsersByIds, userDirectory } from '#shared/db/user-directory';
import * as userRepository from '#shared/db/user-repository';
import { systemClock, ulidIds } from '#shared/domain/clock';
import type { MastodonDeps } from '#shared/domain/mastodon/api';
import type { PostDependencies } from '#shared/domain/post';

export const postDeps: PostDependencies = {
  posts: postStore,
  users: userDirectory,
  relationships: relationshipReads,
  clock: systemClock,
  ids: ulidIds,
};

/** Without `publicUrl`: each function's deps add it as a getter (spreading one would read config at load). */
export const readDeps: Omit<MastodonDeps, 'publicUrl'> = {
  usersByIds: getUsersByIds,
  findPost: findPostById,
  users: userDirectory,
  profiles: userRepository,
  posts: postDeps,
  follows: { follows: followStore, users: userDirectory, clock: systemClock },
  relationshipFlags,
  timeline: { timeline: timelineReader, clock: systemClock, hydration: postHydration },
  hydration: postHydration,
  search: { searchUsers },
};
