/**
 * The follow graph: follow, unfollow and the two lists. The edge and both counters change in one guarded
 * transaction (shared/db/follow-repository.ts), so following twice or unfollowing twice changes nothing.
 */
import { userNotFound, ValidationError } from '#shared/errors';
import type { Clock } from './clock';
import type { Page } from './pagination';
import type { PageRequest, UserDirectory } from './post';
import type { PublicUser, User } from './user';

export interface FollowStore {
  /** Creates the edge and increments both counters; false (nothing changed) when the edge already exists. */
  follow(edge: { followerId: string; followeeId: string; createdAt: string }): Promise<boolean>;
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
 * Makes the caller follow `username`. Idempotent.
 * @returns whether a new edge was created
 * @throws NotFoundError user_not_found; ValidationError cannot_follow_self
 */
export async function followUser(
  deps: FollowDependencies,
  input: { followerId: string; username: string },
): Promise<boolean> {
  const followee = await findTarget(deps.users, input.followerId, input.username);
  return deps.follows.follow({
    followerId: input.followerId,
    followeeId: followee.id,
    createdAt: deps.clock.now().toISOString(),
  });
}

/**
 * Makes the caller stop following `username`. Idempotent.
 * @returns whether an edge was deleted
 * @throws NotFoundError user_not_found; ValidationError cannot_follow_self
 */
export async function unfollowUser(
  deps: Omit<FollowDependencies, 'clock'>,
  input: { followerId: string; username: string },
): Promise<boolean> {
  const followee = await findTarget(deps.users, input.followerId, input.username);
  return deps.follows.unfollow({ followerId: input.followerId, followeeId: followee.id });
}

/** Who follows `username`. @throws NotFoundError user_not_found */
export async function listFollowers(
  deps: Omit<FollowDependencies, 'clock'>,
  input: { username: string } & PageRequest,
): Promise<Page<PublicUser>> {
  const user = await findUser(deps.users, input.username);
  return deps.follows.pageFollowers(user.id, input);
}

/** Whom `username` follows. @throws NotFoundError user_not_found */
export async function listFollowing(
  deps: Omit<FollowDependencies, 'clock'>,
  input: { username: string } & PageRequest,
): Promise<Page<PublicUser>> {
  const user = await findUser(deps.users, input.username);
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
