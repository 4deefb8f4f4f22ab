/**
 * Accounts: creation with unique username and email claims, credentials, email-verification and password-reset
 * tokens (stored by SHA-256, single use by one conditional write), and refresh-token families.
 * Every invariant is one guarded transaction; docs/data-model.md lists the keys.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  Account,
  CreateAccountResult,
  NewAccount,
  RefreshTokenRecord,
  RotationResult,
  TokenPurpose,
} from '#shared/domain/accounts/ports';
import type { User } from '#shared/domain/user';
import { batchGet } from './batch-get';
import { db, tableName } from './client';
import { instanceStatUpdate } from './instance-stats-repository';
import { ItemType, keys, type PrimaryKey } from './keys';
import { failedGuards, TransactionBusyError, transact } from './transactions';
import { toUser, type UserItem } from './user-repository';

export type { Account, CreateAccountResult, NewAccount, RefreshTokenRecord, RotationResult, TokenPurpose };

interface TokenItem {
  userId: string;
  username: string;
  email: string;
  purpose: TokenPurpose;
  expiresAt: number;
}

const nowSeconds = (nowMs: number) => Math.floor(nowMs / 1000);

/** Writes the profile, credentials, both claims and the verification token, or nothing. */
export async function createAccount(account: NewAccount): Promise<CreateAccountResult> {
  const table = tableName();
  const profile: UserItem & { pendingVerification: string } = {
    ...keys.user(account.userId),
    type: ItemType.User,
    userId: account.userId,
    username: account.username,
    firstName: account.firstName,
    lastName: account.lastName,
    email: account.email,
    emailVerified: false,
    createdAt: account.createdAt,
    followerCount: 0,
    followingCount: 0,
    postCount: 0,
    pendingVerification: account.verification.tokenHash,
  };
  const expiresAt = account.unverifiedExpiresAt;
  const claim = { userId: account.userId, createdAt: account.createdAt, expiresAt };
  const isNew = 'attribute_not_exists(PK)';
  // A claim left by an account that was never verified is free once expired, even before TTL deletes it.
  const isFreeClaim = {
    ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
    ExpressionAttributeValues: { ':now': nowSeconds(Date.parse(account.createdAt)) },
  };
  try {
    await transact({
      profile: { Put: { TableName: table, Item: { ...profile, expiresAt }, ConditionExpression: isNew } },
      credentials: {
        Put: {
          TableName: table,
          Item: {
            ...keys.credentials(account.userId),
            type: ItemType.Credentials,
            passwordHash: account.passwordHash,
            tokensValidAfter: 0,
            expiresAt,
          },
          ConditionExpression: isNew,
        },
      },
      usernameClaim: {
        Put: {
          TableName: table,
          Item: { ...keys.usernameClaim(account.username), type: ItemType.UsernameClaim, ...claim },
          ...isFreeClaim,
        },
      },
      emailClaim: {
        Put: {
          TableName: table,
          Item: { ...keys.emailClaim(account.email), type: ItemType.EmailClaim, ...claim },
          ...isFreeClaim,
        },
      },
      verificationToken: {
        Put: {
          TableName: table,
          Item: tokenItem('verify', account.verification.tokenHash, {
            userId: account.userId,
            username: account.username,
            email: account.email,
            purpose: 'verify',
            expiresAt: account.verification.expiresAt,
          }),
        },
      },
    });
    return 'created';
  } catch (error) {
    const failed = failedGuards(error);
    // Usernames are public, so a taken username is reported even when the email is taken too.
    if (failed?.has('usernameClaim')) return 'username_taken';
    if (failed?.has('emailClaim')) return 'email_taken';
    throw error;
  }
}

function tokenItem(purpose: TokenPurpose, tokenHash: string, item: TokenItem) {
  return { ...keys.token(purpose, tokenHash), type: ItemType.Token, ...item };
}

/** The user a live claim names; an expired claim (an account never verified) names nobody. */
async function userIdByClaim(key: { PK: string; SK: string }): Promise<string | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: key }));
  const expired = typeof Item?.expiresAt === 'number' && Item.expiresAt <= nowSeconds(Date.now());
  return typeof Item?.userId === 'string' && !expired ? Item.userId : undefined;
}

/** The account a login names: an email address when it contains '@', else a username. Unverified included. */
export async function findAccountByLogin(login: string): Promise<Account | undefined> {
  const claim = login.includes('@') ? keys.emailClaim(login) : keys.usernameClaim(login);
  const userId = await userIdByClaim(claim);
  return userId ? getAccount(userId) : undefined;
}

export async function findUserByEmail(email: string): Promise<User | undefined> {
  const userId = await userIdByClaim(keys.emailClaim(email));
  return userId ? (await getAccount(userId))?.user : undefined;
}

/** Profile and credentials in one BatchGetItem (consistent; unprocessed keys retried). */
export async function getAccount(userId: string): Promise<Account | undefined> {
  const items = await batchGet([keys.user(userId), keys.credentials(userId)], { consistent: true });
  const profile = items.find((item) => item.SK === keys.user(userId).SK);
  const credentials = items.find((item) => item.SK === keys.credentials(userId).SK);
  if (!profile || !credentials) return undefined;
  return {
    user: toUser(profile as UserItem),
    passwordHash: String(credentials.passwordHash),
    tokensValidAfter: Number(credentials.tokensValidAfter ?? 0),
    ...(typeof credentials.deactivatedAt === 'string' && typeof credentials.erasureDueAt === 'string'
      ? { deactivation: { deactivatedAt: credentials.deactivatedAt, erasureDueAt: credentials.erasureDueAt } }
      : {}),
  };
}

export async function updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.credentials(userId),
      UpdateExpression: 'SET passwordHash = :hash',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':hash': passwordHash },
    }),
  );
}

/** A live (unexpired) one-time token, or undefined. */
async function findToken(
  purpose: TokenPurpose,
  tokenHash: string,
  nowMs: number,
): Promise<TokenItem | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.token(purpose, tokenHash), ConsistentRead: true }),
  );
  if (!Item || Number(Item.expiresAt) <= nowSeconds(nowMs)) return undefined;
  return Item as TokenItem;
}

/** Deletes the token if it still exists and has not expired: the one write that makes a token single-use. */
function consumeToken(purpose: TokenPurpose, tokenHash: string, nowMs: number) {
  return {
    Delete: {
      TableName: tableName(),
      Key: keys.token(purpose, tokenHash),
      ConditionExpression: 'attribute_exists(PK) AND expiresAt > :now',
      ExpressionAttributeValues: { ':now': nowSeconds(nowMs) },
    },
  };
}

/**
 * The writes that make an account active: the profile becomes verified and findable by username, and the
 * profile and both claims stop expiring. Each claim must still name this user: if an unverified account's
 * claims expired and someone else took them, activation fails rather than create a second owner.
 */
function activateAccount(token: TokenItem, nowMs: number, guard?: { pendingVerification: string }) {
  const claimStillOurs = (key: PrimaryKey) => ({
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'REMOVE expiresAt',
      ConditionExpression: 'userId = :userId',
      ExpressionAttributeValues: { ':userId': token.userId },
    },
  });
  const { GSI1PK, GSI1SK } = keys.userByUsername(token.username);
  return {
    activatedProfile: {
      Update: {
        TableName: tableName(),
        Key: keys.user(token.userId),
        UpdateExpression:
          'SET emailVerified = :true, verifiedAt = if_not_exists(verifiedAt, :now), GSI1PK = :gsi1pk, GSI1SK = :gsi1sk REMOVE pendingVerification, expiresAt',
        ConditionExpression: guard ? 'pendingVerification = :pending' : 'attribute_exists(PK)',
        ExpressionAttributeValues: {
          ':true': true,
          ':now': new Date(nowMs).toISOString(),
          ':gsi1pk': GSI1PK,
          ':gsi1sk': GSI1SK,
          ...(guard ? { ':pending': guard.pendingVerification } : {}),
        },
      },
    },
    usernameClaim: claimStillOurs(keys.usernameClaim(token.username)),
    emailClaim: claimStillOurs(keys.emailClaim(token.email)),
  };
}

/**
 * Verifies an email address with the token from the link. Returns the user id, or undefined when the token is
 * unknown, expired, used, or superseded by a newer one. Of two concurrent uses exactly one succeeds.
 */
export async function verifyEmail(tokenHash: string, nowMs: number): Promise<string | undefined> {
  const token = await findToken('verify', tokenHash, nowMs);
  if (!token) return undefined;
  try {
    await transact({
      token: consumeToken('verify', tokenHash, nowMs),
      ...activateAccount(token, nowMs, { pendingVerification: tokenHash }),
      // Guarded by the pending verification, so an account is counted once, when it is confirmed.
      instanceUsers: instanceStatUpdate('users', 1),
      credentials: {
        Update: {
          TableName: tableName(),
          Key: keys.credentials(token.userId),
          UpdateExpression: 'REMOVE expiresAt',
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
    });
    return token.userId;
  } catch (error) {
    // Any failed guard means the token is dead (used, superseded or its account gone).
    if (failedGuards(error)) return undefined;
    throw error;
  }
}

/**
 * Issues a new verification token for an unverified account; the previous one stops working.
 * Returns false when the account is already verified.
 */
export async function replaceVerificationToken(
  user: Pick<User, 'id' | 'username' | 'email'>,
  tokenHash: string,
  expiresAt: number,
): Promise<boolean> {
  try {
    await transact({
      unverifiedProfile: {
        Update: {
          TableName: tableName(),
          Key: keys.user(user.id),
          UpdateExpression: 'SET pendingVerification = :hash',
          ConditionExpression: 'emailVerified = :false',
          ExpressionAttributeValues: { ':hash': tokenHash, ':false': false },
        },
      },
      token: {
        Put: {
          TableName: tableName(),
          Item: tokenItem('verify', tokenHash, {
            userId: user.id,
            username: user.username,
            email: user.email,
            purpose: 'verify',
            expiresAt,
          }),
        },
      },
    });
    return true;
  } catch (error) {
    if (failedGuards(error)?.has('unverifiedProfile')) return false;
    throw error;
  }
}

/** Stores a password-reset token; only the newest one issued for an account works. */
export async function storeResetToken(
  user: Pick<User, 'id' | 'username' | 'email'>,
  tokenHash: string,
  expiresAt: number,
) {
  await transact({
    credentials: {
      Update: {
        TableName: tableName(),
        Key: keys.credentials(user.id),
        UpdateExpression: 'SET pendingReset = :hash',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':hash': tokenHash },
      },
    },
    token: {
      Put: {
        TableName: tableName(),
        Item: tokenItem('reset', tokenHash, {
          userId: user.id,
          username: user.username,
          email: user.email,
          purpose: 'reset',
          expiresAt,
        }),
      },
    },
  });
}

/**
 * Sets a new password with a reset token, voids every refresh token issued before now, and marks the address
 * verified (following the link proves it). Returns the user id, or undefined for a dead token.
 */
export async function resetPassword(
  tokenHash: string,
  passwordHash: string,
  nowMs: number,
): Promise<string | undefined> {
  const token = await findToken('reset', tokenHash, nowMs);
  if (!token) return undefined;
  // An address confirmed by this link counts the account (once: guarded by its pending verification).
  const pending = await pendingVerificationOf(token.userId);
  try {
    await transact({
      token: consumeToken('reset', tokenHash, nowMs),
      credentials: {
        Update: {
          TableName: tableName(),
          Key: keys.credentials(token.userId),
          UpdateExpression:
            'SET passwordHash = :hash, tokensValidAfter = :now REMOVE pendingReset, expiresAt',
          ConditionExpression: 'pendingReset = :token',
          ExpressionAttributeValues: { ':hash': passwordHash, ':now': nowMs, ':token': tokenHash },
        },
      },
      ...activateAccount(token, nowMs, pending ? { pendingVerification: pending } : undefined),
      instanceUsers: pending ? instanceStatUpdate('users', 1) : undefined,
    });
    return token.userId;
  } catch (error) {
    const failed = failedGuards(error);
    // Confirmed in between by the verification link: once more, now without counting.
    if (pending && failed?.guards.size === 1 && failed.has('activatedProfile')) {
      return resetPassword(tokenHash, passwordHash, nowMs);
    }
    // Any other failed guard means the token is dead (used, superseded or its account gone).
    if (failed) return undefined;
    throw error;
  }
}

/** The pending verification token hash of an unconfirmed account (a consistent read), or undefined. */
async function pendingVerificationOf(userId: string): Promise<string | undefined> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.user(userId),
      ConsistentRead: true,
      ProjectionExpression: 'pendingVerification',
    }),
  );
  return typeof Item?.pendingVerification === 'string' ? Item.pendingVerification : undefined;
}

export async function saveRefreshToken(tokenHash: string, record: RefreshTokenRecord): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.refreshToken(tokenHash),
        ...keys.refreshTokenOfUser(record.userId, tokenHash),
        type: ItemType.RefreshToken,
        ...record,
        expiresAt: nowSeconds(record.expiresAt),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.refreshToken(tokenHash), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  return {
    userId: String(Item.userId),
    username: String(Item.username),
    familyId: String(Item.familyId),
    issuedAt: Number(Item.issuedAt),
    expiresAt: Number(Item.expiresAt) * 1000,
    ...(Item.usedAt !== undefined ? { usedAt: Number(Item.usedAt) } : {}),
  };
}

/**
 * Marks the presented token used and stores its successor, in one transaction that also checks the family is
 * not revoked. A token already used may be used again until `reuseUntil` (ms) after its first use — two tabs
 * refreshing at once — each time for a successor of its own. 'reused' means it was used before that: the
 * caller revokes the family.
 */
export async function rotateRefreshToken(
  oldHash: string,
  familyId: string,
  next: { tokenHash: string; record: RefreshTokenRecord },
  nowMs: number,
  leewayMs: number,
): Promise<RotationResult> {
  return tryRotation(oldHash, familyId, next, nowMs, leewayMs);
}

async function tryRotation(
  oldHash: string,
  familyId: string,
  next: { tokenHash: string; record: RefreshTokenRecord },
  nowMs: number,
  leewayMs: number,
): Promise<RotationResult> {
  try {
    // A concurrent rotation of the same token cancels this one for conflict: transact() tries again (three
    // attempts in all) to learn who won.
    await transact(
      {
        presentedToken: {
          Update: {
            TableName: tableName(),
            Key: keys.refreshToken(oldHash),
            // The first use is what counts: a second use inside the leeway leaves it as it was.
            UpdateExpression: 'SET usedAt = if_not_exists(usedAt, :now)',
            ConditionExpression:
              'attribute_exists(PK) AND (attribute_not_exists(usedAt) OR usedAt > :cutoff)',
            ExpressionAttributeValues: { ':now': nowMs, ':cutoff': nowMs - leewayMs },
          },
        },
        family: {
          ConditionCheck: {
            TableName: tableName(),
            Key: keys.refreshFamily(familyId),
            ConditionExpression: 'attribute_not_exists(revokedAt)',
          },
        },
        successor: {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.refreshToken(next.tokenHash),
              ...keys.refreshTokenOfUser(next.record.userId, next.tokenHash),
              type: ItemType.RefreshToken,
              ...next.record,
              expiresAt: nowSeconds(next.record.expiresAt),
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      },
      { maxAttempts: 3 },
    );
    return 'rotated';
  } catch (error) {
    const failed = failedGuards(error);
    if (failed?.has('family')) return 'revoked';
    if (failed?.has('presentedToken')) return 'reused';
    if (error instanceof TransactionBusyError) return 'conflict';
    throw error;
  }
}

/** Revokes every token of a family (a logout, or a detected reuse). Kept until the family's tokens expire. */
export async function revokeFamily(familyId: string, nowMs: number, expiresAtMs: number): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.refreshFamily(familyId),
        type: ItemType.RefreshFamily,
        revokedAt: nowMs,
        expiresAt: nowSeconds(expiresAtMs),
      },
    }),
  );
}
