/** The UserDirectory port of the domain over the user repository, plus batched profile reads for lists. */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { UserDirectory } from '#shared/domain/post';
import type { User } from '#shared/domain/user';
import { db, tableName } from './client';
import { keys } from './keys';
import { findUserByUsername, getUserById, toUser, type UserItem } from './user-repository';

export const userDirectory: UserDirectory = {
  getById: (userId) => getUserById(userId),
  findByUsername: findUserByUsername,
};

/** Profiles by id in one BatchGetItem per 100 ids (unprocessed keys retried), in the order asked; gone ones dropped. */
export async function getUsersByIds(userIds: readonly string[]): Promise<User[]> {
  const found = new Map<string, User>();
  const unique = [...new Set(userIds)];
  for (let start = 0; start < unique.length; start += 100) {
    let pending: Record<string, unknown>[] = unique
      .slice(start, start + 100)
      .map((id) => ({ ...keys.user(id) }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0)
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt)));
      if (attempt > 8) throw new Error('BatchGetItem left keys unprocessed after retries');
      const output = await db().send(
        new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending } } }),
      );
      for (const item of output.Responses?.[tableName()] ?? []) {
        const user = toUser(item as UserItem);
        found.set(user.id, user);
      }
      pending = output.UnprocessedKeys?.[tableName()]?.Keys ?? [];
    }
  }
  return userIds.flatMap((id) => found.get(id) ?? []);
}
