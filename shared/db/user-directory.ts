/** The UserDirectory port of the domain over the user repository, plus batched profile reads for lists. */
import { isAccountVisible } from '#shared/domain/accounts/account-state';
import type { UserDirectory } from '#shared/domain/post';
import { type PublicUser, toPublicUser, type User } from '#shared/domain/user';
import { batchGet } from './batch-get';
import { keys } from './keys';
import { findUserByUsername, getUserById, toUser, type UserItem } from './user-repository';

export const userDirectory: UserDirectory = {
  getById: (userId) => getUserById(userId),
  findByUsername: findUserByUsername,
};

/** Profiles by id (BatchGetItem, 100 a request, unprocessed keys retried), in the order asked; gone ones dropped. */
export async function getUsersByIds(userIds: readonly string[]): Promise<User[]> {
  const items = await batchGet(userIds.map((id) => keys.user(id)));
  const found = new Map(items.map((item) => [String(item.userId), toUser(item as UserItem)]));
  return userIds.flatMap((id) => found.get(id) ?? []);
}

/**
 * The public profiles of a list of people (followers, following, blocks, mutes, follow requests), in the order
 * asked: accounts gone, suspended or deactivated are left out (read from the same BatchGetItem, no extra request),
 * so a list may hold fewer items than its page size.
 */
export async function getVisibleProfiles(userIds: readonly string[]): Promise<PublicUser[]> {
  const users = await getUsersByIds(userIds);
  return users.filter(isAccountVisible).map(toPublicUser);
}
