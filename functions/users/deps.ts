/** The production wiring of the users area: follows, profiles and people search over DynamoDB. */
import { followStore } from '#shared/db/follow-repository';
import { searchUsers } from '#shared/db/search-repository';
import { userDirectory } from '#shared/db/user-directory';
import * as userRepository from '#shared/db/user-repository';
import { systemClock } from '#shared/domain/clock';
import type { FollowDependencies } from '#shared/domain/follow';
import type { PeopleSearch, ProfileStore } from '#shared/domain/users/ports';

export const followDeps: FollowDependencies = {
  follows: followStore,
  users: userDirectory,
  clock: systemClock,
};

export const profileDeps: { users: ProfileStore } = { users: userRepository };

export const searchDeps: { search: PeopleSearch } = { search: { searchUsers } };
