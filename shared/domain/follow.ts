/**
 * The follow graph: follow, unfollow and the two lists. The edge and both counters change in one guarded
 * transaction (shared/db/follow-repository.ts), so following twice or unfollowing twice changes nothing.
 */
import { userNotFound, ValidationError } from '#shared/errors';
import type { Clock } from './clock';
import type { Page } from './pagination';
import type { PageRequest, UserDirectory } from './post';
import type { FollowRequestStore, RelationshipReads } from './relationships/ports';
import { assertCanSeeContentOf } from './relationships/visibility';
import type { PublicUser, User } from './user';

/** What following an account did: a new edge, nothing (already following), or a request (protected account). */
export type FollowOutcome = 'followed' | 'already_following' | 'requested';

export interface FollowStore {
  /**
   * Creates the edge and increments both counters, guarded in the same transaction by the absence of a block
   * either way and by the followee not being protected.
   * @returns `created`, `exists` (nothing changed) or `protected` (nothing changed: ask instead)
   * @throws NotFoundError user_not_found (the followee blocks the follower, or is gone);
   *   ForbiddenError user_blocked (the follower blocks the followee)
   */
  follow(edge: {
    followerId: string;
    followeeId: string;
    createdAt: string;
  }): Promise<'created' | 'exists' | 'protected'>;
  /** Asks a protected account to be followed (a pending request); idempotent. */
  request: FollowRequestStore['request'];
  /** Withdraws a pending request; a missing one is fine. */
  withdrawRequest(targetId: string, requesterId: string): Promise<boolean>;
  /** Deletes the edge and decrements both counters; false (nothing changed) when there was no edge. */
  unfollow(edge: { followerId: string; followeeId: string }): Promise<boolean>;
  pageFollowers(userId: string, page: PageRequest): Promise<Page<PublicUser>>;
  pageFollowing(userId: string, page: PageRequest): Promise<Page<PublicUser>>;
}

export interface FollowDependencies {
  follows: FollowStore;
  users: UserDirectory;
  clock: Clock;
}

/**
 * Makes the caller follow `username`, or ask to when the account is protected (the transaction's guard decides,
 * so a concurrent change of protection cannot let a follow through). Idempotent.
 * @throws NotFoundError user_not_found (also when the account blocks the caller); ValidationError
 *   cannot_follow_self; ForbiddenError user_blocked (the caller blocks the account)
 */
export async function followUser(
  deps: FollowDependencies,
  input: { followerId: string; username: string },
): Promise<FollowOutcome> {
  const followee = await findTarget(deps.users, input.followerId, input.username);
  const createdAt = deps.clock.now().toISOString();
  const outcome = await deps.follows.follow({
    followerId: input.followerId,
    followeeId: followee.id,
    createdAt,
  });
  if (outcome === 'created') return 'followed';
  if (outcome === 'exists') return 'already_following';
  await deps.follows.request({ requesterId: input.followerId, targetId: followee.id, createdAt });
  return 'requested';
}

/**
 * Makes the caller stop following `username` (and withdraws a pending request). Idempotent.
 * @returns whether an edge was deleted
 * @throws NotFoundError user_not_found; ValidationError cannot_follow_self
 */
export async function unfollowUser(
  deps: Omit<FollowDependencies, 'clock'>,
  input: { followerId: string; username: string },
): Promise<boolean> {
  const followee = await findTarget(deps.users, input.followerId, input.username);
  const [unfollowed] = await Promise.all([
    deps.follows.unfollow({ followerId: input.followerId, followeeId: followee.id }),
    deps.follows.withdrawRequest(followee.id, input.followerId),
  ]);
  return unfollowed;
}

/** What the follower lists need: the stores and the relationship reads of their gate. */
export interface FollowListDependencies {
  follows: Pick<FollowStore, 'pageFollowers' | 'pageFollowing'>;
  users: UserDirectory;
  relationships: RelationshipReads;
}

/**
 * Who follows `username`: for a protected account only its approved followers and itself may see it.
 * @throws NotFoundError user_not_found (also when the reader may not see the list)
 */
export async function listFollowers(
  deps: FollowListDependencies,
  input: { username: string; viewerId?: string | undefined } & PageRequest,
): Promise<Page<PublicUser>> {
  const user = await findUser(deps.users, input.username);
  await assertCanSeeContentOf(deps.relationships, input.viewerId, user);
  return deps.follows.pageFollowers(user.id, input);
}

/** Whom `username` follows, with the same gate. @throws NotFoundError user_not_found */
export async function listFollowing(
  deps: FollowListDependencies,
  input: { username: string; viewerId?: string | undefined } & PageRequest,
): Promise<Page<PublicUser>> {
  const user = await findUser(deps.users, input.username);
  await assertCanSeeContentOf(deps.relationships, input.viewerId, user);
  return deps.follows.pageFollowing(user.id, input);
}

async function findTarget(users: UserDirectory, callerId: string, username: string): Promise<User> {
  const target = await findUser(users, username);
  if (target.id === callerId) throw new ValidationError('cannot_follow_self', 'You cannot follow yourself');
  return target;
}

async function findUser(users: UserDirectory, username: string): Promise<User> {
  const user = await users.findByUsername(username);
  if (!user) throw userNotFound(username);
  return user;
}
