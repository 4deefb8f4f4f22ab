/**
 * Users: the profile item (`USER#<id>` / `PROFILE`) and lookups by id and by username.
 * Access patterns (docs/data-model.md): GetItem by id; Query GSI1 `GSI1PK = USERNAME#<lower>` by username —
 * only verified accounts carry GSI1 keys, so unverified accounts have no public page.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { User } from '#shared/domain/user';
import { db, tableName } from './client';
import { keys } from './keys';

/** The stored profile item. Exported for the repositories that write it inside their transactions. */
export interface UserItem {
  PK: string;
  SK: string;
  type: 'USER';
  GSI1PK?: string;
  GSI1SK?: string;
  userId: string;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  emailVerified: boolean;
  createdAt: string;
  followerCount: number;
  followingCount: number;
  postCount: number;
}

export function toUser(item: UserItem): User {
  return {
    id: item.userId,
    username: item.username,
    firstName: item.firstName,
    lastName: item.lastName,
    email: item.email,
    emailVerified: item.emailVerified,
    createdAt: item.createdAt,
    followerCount: item.followerCount ?? 0,
    followingCount: item.followingCount ?? 0,
    postCount: item.postCount ?? 0,
  };
}

/** The account with this id, verified or not. */
export async function getUserById(
  userId: string,
  options: { consistent?: boolean } = {},
): Promise<User | undefined> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.user(userId),
      ConsistentRead: options.consistent ?? false,
    }),
  );
  return Item ? toUser(Item as UserItem) : undefined;
}

/** The verified account with this username (any case), or undefined. */
export async function findUserByUsername(username: string): Promise<User | undefined> {
  const { GSI1PK } = keys.userByUsername(username.toLowerCase());
  const { Items } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': GSI1PK },
      Limit: 1,
    }),
  );
  const [item] = Items ?? [];
  return item ? toUser(item as UserItem) : undefined;
}
