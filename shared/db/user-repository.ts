/**
 * Users: the profile item (`USER#<id>` / `PROFILE`) and lookups by id and by username.
 * Access patterns (docs/data-model.md): GetItem by id; Query GSI1 `GSI1PK = USERNAME#<lower>` by username —
 * only verified accounts carry GSI1 keys, so unverified accounts have no public page.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AccountState, isAccountVisible } from '#shared/domain/accounts/account-state';
import { DEFAULT_DESIGN, type Design } from '#shared/domain/design';
import type { AccountType, ProfileFields, User } from '#shared/domain/user';
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
  bio?: string | null;
  location?: string | null;
  website?: string | null;
  accountType?: AccountType;
  category?: string | null;
  /** Only what the owner set; the defaults fill the rest on read. */
  design?: Partial<Design>;
  protected?: boolean;
  /** Incremented by every profile edit (optimistic locking). */
  profileVersion?: number;
  /** Absent = active (shared/domain/accounts/account-state.ts). */
  accountState?: AccountState;
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
    bio: item.bio ?? null,
    location: item.location ?? null,
    website: item.website ?? null,
    accountType: item.accountType ?? 'person',
    category: item.category ?? null,
    design: { ...DEFAULT_DESIGN, ...item.design },
    protected: item.protected ?? false,
    ...(item.accountState && item.accountState !== 'active' ? { accountState: item.accountState } : {}),
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

/**
 * The verified, visible account with this username (any case), or undefined: a suspended or deactivated
 * account is as missing as an unknown one to every route that looks users up by name.
 */
export async function findUserByUsername(username: string): Promise<User | undefined> {
  const user = await findAnyUserByUsername(username);
  return user && isAccountVisible(user) ? user : undefined;
}

/** The verified account with this username (any case) in whatever state: for operators only. */
export async function findAnyUserByUsername(username: string): Promise<User | undefined> {
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

/** A profile as read for an edit: the user and the version the edit must still find. */
export async function getProfileForUpdate(
  userId: string,
): Promise<{ user: User; version: number } | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.user(userId), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const item = Item as UserItem;
  return { user: toUser(item), version: item.profileVersion ?? 0 };
}

/**
 * Writes the editable fields if the profile is still at `expectedVersion` (optimistic locking: counters may
 * change meanwhile, edits may not cross). Returns false when another edit came first.
 */
export async function saveProfileFields(userId: string, fields: ProfileFields, expectedVersion: number) {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.user(userId),
        UpdateExpression:
          'SET firstName = :firstName, lastName = :lastName, bio = :bio, #location = :location, website = :website, accountType = :accountType, category = :category, design = :design, #protected = :protected, profileVersion = :next',
        ConditionExpression:
          expectedVersion === 0
            ? 'attribute_exists(PK) AND (attribute_not_exists(profileVersion) OR profileVersion = :expected)'
            : 'profileVersion = :expected',
        ExpressionAttributeNames: { '#location': 'location', '#protected': 'protected' },
        ExpressionAttributeValues: {
          ':firstName': fields.firstName,
          ':lastName': fields.lastName,
          ':bio': fields.bio,
          ':location': fields.location,
          ':website': fields.website,
          ':accountType': fields.accountType,
          ':category': fields.category,
          ':design': fields.design,
          ':protected': fields.protected,
          ':next': expectedVersion + 1,
          ':expected': expectedVersion,
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
