/**
 * Blocks, mutes and follow requests: the use cases behind `/v1/users/{username}/block|mute`, `/v1/me/blocks|mutes`
 * and `/v1/me/follow-requests`. The rules that guard other actions live where those actions are written (the
 * follow, like, repost, reply and message transactions and use cases); what readers may see lives in
 * ./visibility.ts.
 */
import { NotFoundError, userNotFound, ValidationError } from '#shared/errors';
import type { Clock } from '../clock';
import type { FollowStore } from '../follow';
import type { Page } from '../pagination';
import type { PageRequest, UserDirectory } from '../post';
import type { PublicUser, User } from '../user';
import { type FollowRequestStore, RELATIONSHIP_RULES, type RelationKind, type RelationStore } from './ports';

export * from './ports';
export * from './visibility';

export interface RelationshipDependencies {
  relations: RelationStore;
  requests: FollowRequestStore;
  follows: Pick<FollowStore, 'unfollow'>;
  users: UserDirectory;
  clock: Clock;
}

/**
 * Blocks or mutes `username`; idempotent. A block then ends the follows both ways and any pending follow
 * request between the two (counters corrected through the unfollow transaction; the stream removes the
 * timeline entries as for any unfollow). The block edge is written first: the follow transaction checks it,
 * so no follow can slip in between.
 * @throws ValidationError cannot_block_self / cannot_mute_self; NotFoundError user_not_found;
 *   ConflictError blocks_limit / mutes_limit
 * @returns whether anything changed
 */
export async function relate(
  deps: RelationshipDependencies,
  input: { kind: RelationKind; userId: string; username: string },
): Promise<boolean> {
  const other = await otherAccount(deps.users, input);
  const added = await deps.relations.add({
    kind: input.kind,
    userId: input.userId,
    otherId: other.id,
    createdAt: deps.clock.now().toISOString(),
  });
  if (input.kind === 'block') await severFollows(deps, input.userId, other.id);
  return added;
}

/**
 * Unblocks or unmutes `username`; idempotent. Unblocking restores nothing: follows ended by the block stay
 * ended.
 * @throws ValidationError cannot_block_self / cannot_mute_self; NotFoundError user_not_found
 */
export async function unrelate(
  deps: Pick<RelationshipDependencies, 'relations' | 'users'>,
  input: { kind: RelationKind; userId: string; username: string },
): Promise<boolean> {
  const other = await otherAccount(deps.users, input);
  return deps.relations.remove(input.kind, input.userId, other.id);
}

/** The caller's blocks (or mutes), with current profiles. */
export function listRelations(
  deps: Pick<RelationshipDependencies, 'relations'>,
  input: { kind: RelationKind; userId: string } & PageRequest,
): Promise<Page<PublicUser>> {
  return deps.relations.page(input.kind, input.userId, input);
}

/** Who asks to follow the caller (a protected account), with current profiles. */
export function listFollowRequests(
  deps: Pick<RelationshipDependencies, 'requests'>,
  input: { userId: string } & PageRequest,
): Promise<Page<PublicUser>> {
  return deps.requests.page(input.userId, input);
}

/**
 * Accepts `username`'s request to follow the caller: the request goes and the follow edge comes, in one
 * transaction. Accepting again after that is the same answer.
 * @throws NotFoundError user_not_found, follow_request_not_found
 */
export async function acceptFollowRequest(
  deps: Pick<RelationshipDependencies, 'requests' | 'users' | 'clock'>,
  input: { userId: string; username: string },
): Promise<void> {
  const requester = await findUser(deps.users, input.username);
  const accepted = await deps.requests.accept({
    requesterId: requester.id,
    targetId: input.userId,
    createdAt: deps.clock.now().toISOString(),
  });
  if (!accepted) throw followRequestNotFound(input.username);
}

/**
 * Rejects (deletes) `username`'s request to follow the caller.
 * @throws NotFoundError user_not_found, follow_request_not_found
 */
export async function rejectFollowRequest(
  deps: Pick<RelationshipDependencies, 'requests' | 'users'>,
  input: { userId: string; username: string },
): Promise<void> {
  const requester = await findUser(deps.users, input.username);
  if (!(await deps.requests.remove(input.userId, requester.id))) throw followRequestNotFound(input.username);
}

/**
 * Accepts every pending request (protection turned off), a page at a time until none is left. Each accept is
 * its own transaction, so a failure part-way leaves the rest pending, to be accepted by the next call; at most
 * `maxAcceptPages` pages a call (the rest stay pending and are accepted by the next PATCH that turns it off).
 * @returns how many were accepted
 */
export async function acceptAllFollowRequests(
  deps: Pick<RelationshipDependencies, 'requests' | 'clock'>,
  userId: string,
): Promise<number> {
  let accepted = 0;
  for (let pages = 0; pages < RELATIONSHIP_RULES.maxAcceptPages; pages++) {
    const requesterIds = await deps.requests.requesterIds(userId, RELATIONSHIP_RULES.acceptPageSize);
    if (requesterIds.length === 0) return accepted;
    const createdAt = deps.clock.now().toISOString();
    const results = await Promise.all(
      requesterIds.map((requesterId) => deps.requests.accept({ requesterId, targetId: userId, createdAt })),
    );
    accepted += results.filter(Boolean).length;
  }
  return accepted;
}

async function severFollows(
  deps: Pick<RelationshipDependencies, 'follows' | 'requests'>,
  userId: string,
  otherId: string,
): Promise<void> {
  await Promise.all([
    deps.follows.unfollow({ followerId: userId, followeeId: otherId }),
    deps.follows.unfollow({ followerId: otherId, followeeId: userId }),
    deps.requests.remove(userId, otherId),
    deps.requests.remove(otherId, userId),
  ]);
}

async function otherAccount(
  users: UserDirectory,
  input: { kind: RelationKind; userId: string; username: string },
): Promise<User> {
  const other = await findUser(users, input.username);
  if (other.id === input.userId) {
    throw new ValidationError(`cannot_${input.kind}_self`, `You cannot ${input.kind} yourself`);
  }
  return other;
}

async function findUser(users: UserDirectory, username: string): Promise<User> {
  const user = await users.findByUsername(username);
  if (!user) throw userNotFound(username);
  return user;
}

function followRequestNotFound(username: string): NotFoundError {
  return new NotFoundError('follow_request_not_found', `@${username} has not asked to follow you`);
}
