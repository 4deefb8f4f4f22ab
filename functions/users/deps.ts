/** The production wiring of the users area: follows, profiles and people search over DynamoDB. */
import { followExists, followStore } from '#shared/db/follow-repository';
import { searchUsers } from '#shared/db/search-repository';
import { userDirectory } from '#shared/db/user-directory';
import * as userRepository from '#shared/db/user-repository';
import { systemClock } from '#shared/domain/clock';
import type { FollowDependencies } from '#shared/domain/follow';
import type { PeopleSearch, ProfileStore } from '#shared/domain/users/ports';
import type { FollowEdgeExists } from '#shared/domain/users/public-profile';

export const followDeps: FollowDependencies = {
  follows: followStore,
  users: userDirectory,
  clock: systemClock,
};

export const profileDeps: { users: ProfileStore; followExists: FollowEdgeExists } = {
  users: userRepository,
  followExists,
};

export const searchDeps: { search: PeopleSearch } = { search: { searchUsers } };
