/** The production wiring of the users area: follows, profiles and people search over DynamoDB. */
import { followExists, followRequestStore, followStore } from '#shared/db/follow-repository';
import { relationshipReads, viewerEdges } from '#shared/db/relationship-repository';
import { searchUsers } from '#shared/db/search-repository';
import { userDirectory } from '#shared/db/user-directory';
import * as userRepository from '#shared/db/user-repository';
import { systemClock } from '#shared/domain/clock';
import type { FollowDependencies, FollowListDependencies } from '#shared/domain/follow';
import { acceptAllFollowRequests, type RelationshipReads } from '#shared/domain/relationships/relationships';
import type { PeopleSearch, ProfileStore } from '#shared/domain/users/ports';
import type { FollowEdgeExists, ViewerEdges } from '#shared/domain/users/public-profile';

export const followDeps: FollowDependencies = {
  follows: followStore,
  users: userDirectory,
  clock: systemClock,
};

/** The follower lists, gated for protected accounts and blocks. */
export const followListDeps: FollowListDependencies = { ...followDeps, relationships: relationshipReads };

export const profileDeps: {
  users: ProfileStore;
  followExists: FollowEdgeExists;
  viewerEdges: ViewerEdges;
  relationships: RelationshipReads;
  acceptAllFollowRequests: (userId: string) => Promise<number>;
} = {
  users: userRepository,
  followExists,
  viewerEdges,
  relationships: relationshipReads,
  acceptAllFollowRequests: (userId) =>
    acceptAllFollowRequests({ requests: followRequestStore, clock: systemClock }, userId),
};

export const searchDeps: { search: PeopleSearch } = { search: { searchUsers } };
