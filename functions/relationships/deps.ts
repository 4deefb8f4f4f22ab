/** The production wiring of blocks, mutes and follow requests: the DynamoDB relationship and follow stores. */
import { followRequestStore, followStore } from '#shared/db/follow-repository';
import { relationStore } from '#shared/db/relationship-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock } from '#shared/domain/clock';
import type { RelationshipDependencies } from '#shared/domain/relationships/relationships';

export const relationshipDeps: RelationshipDependencies = {
  relations: relationStore,
  requests: followRequestStore,
  follows: followStore,
  users: userDirectory,
  clock: systemClock,
};
