/**
 * Verified users written straight into the table, with an access token, for tests whose subject is not
 * registration. (The auth tests register through the API instead.)
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { issueAccessToken } from '#shared/adapters/access-tokens';
import { db, tableName } from '#shared/db/client';
import { keys } from '#shared/db/keys';
import { toUser, type UserItem } from '#shared/db/user-repository';
import type { User } from '#shared/domain/user';

export interface TestUser {
  user: User;
  accessToken: string;
  /** `Authorization` header value. */
  authorization: string;
}

let sequence = 0;

export async function insertVerifiedUser(
  overrides: Partial<Pick<User, 'username' | 'firstName' | 'lastName'>> = {},
) {
  sequence++;
  const userId = ulid();
  const username = (overrides.username ?? `user_${userId.slice(-10).toLowerCase()}${sequence}`).toLowerCase();
  const item: UserItem = {
    ...keys.user(userId),
    ...keys.userByUsername(username),
    type: 'USER',
    userId,
    username,
    firstName: overrides.firstName ?? 'Test',
    lastName: overrides.lastName ?? `User ${sequence}`,
    email: `${username}@example.test`,
    emailVerified: true,
    createdAt: new Date().toISOString(),
    followerCount: 0,
    followingCount: 0,
    postCount: 0,
  };
  await db().send(
    new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(PK)' }),
  );
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.usernameClaim(username), type: 'USERNAME', userId },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  const accessToken = await issueAccessToken({ userId, username });
  const user: User = toUser(item);
  return { user, accessToken, authorization: `Bearer ${accessToken}` } satisfies TestUser;
}

/** Makes the user a promoted celebrity (`celebritySince`, by default a minute ago), as the fan-out would. */
export async function promoteToCelebrity(
  userId: string,
  since = new Date(Date.now() - 60_000),
): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.user(userId),
      UpdateExpression: 'SET celebritySince = :since',
      ExpressionAttributeValues: { ':since': since.toISOString() },
    }),
  );
}
