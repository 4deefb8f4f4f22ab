/**
 * The account repository against DynamoDB Local: the properties of one-time and refresh tokens that are about
 * time and concurrency, which the HTTP tests cannot reach (a token 25 hours old, two uses racing).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { hashToken, newSecretToken } from '#shared/adapters/secret-tokens';
import * as accounts from '#shared/db/account-repository';
import { db, tableName } from '#shared/db/client';
import { keys } from '#shared/db/keys';
import { findUserByUsername, getUserById } from '#shared/db/user-repository';

const HOUR_MS = 3600 * 1000;

const DAY_S = 24 * 3600;

/** A NewAccount with a fresh id, username and email; override what the test is about. */
function accountInput(overrides: Partial<accounts.NewAccount> = {}): accounts.NewAccount {
  const userId = ulid();
  const username = `u_${userId.slice(-12).toLowerCase()}`;
  const nowSeconds = Math.floor(Date.now() / 1000);
  return {
    userId,
    username,
    firstName: 'Grace',
    lastName: 'Hopper',
    email: `${username}@example.org`,
    passwordHash: '$scrypt$ln=17,r=8,p=1$c2FsdA==$aGFzaA==',
    createdAt: new Date().toISOString(),
    verification: { tokenHash: newSecretToken().hash, expiresAt: nowSeconds + DAY_S },
    unverifiedExpiresAt: nowSeconds + 7 * DAY_S,
    ...overrides,
  };
}

async function newAccount(overrides: Partial<accounts.NewAccount> = {}) {
  const verification = newSecretToken();
  const input = accountInput({
    verification: { tokenHash: verification.hash, expiresAt: Math.floor(Date.now() / 1000) + DAY_S },
    ...overrides,
  });
  expect(await accounts.createAccount(input)).toBe('created');
  const { userId, username, email } = input;
  return { userId, username, email, verification, user: { id: userId, username, email } };
}

async function itemAt(key: { PK: string; SK: string }) {
  return (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
}

describe('account creation', () => {
  it('claims the username and the email in one transaction', async () => {
    const first = await newAccount();
    const sameUsername = await accounts.createAccount(
      accountInput({ username: first.username, email: `other.${first.email}` }),
    );
    expect(sameUsername).toBe('username_taken');
    const sameEmail = await accounts.createAccount(
      accountInput({ username: `other_${first.username}`.slice(0, 30), email: first.email }),
    );
    expect(sameEmail).toBe('email_taken');
    // The losing transactions wrote nothing: the other username is still free.
    const claim = await db().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.usernameClaim(`other_${first.username}`.slice(0, 30)),
      }),
    );
    expect(claim.Item).toBeUndefined();
  });

  it('keeps an unverified account off the username index until it is verified', async () => {
    const account = await newAccount();
    expect(await findUserByUsername(account.username)).toBeUndefined();
    expect(await accounts.verifyEmail(account.verification.hash, Date.now())).toBe(account.userId);
    expect((await findUserByUsername(account.username.toUpperCase()))?.id).toBe(account.userId);
    expect((await getUserById(account.userId))?.emailVerified).toBe(true);
  });
});

describe('accounts never verified', () => {
  it('stop holding their username and email once expired, even before TTL deletes them', async () => {
    const stale = await newAccount({ unverifiedExpiresAt: Math.floor(Date.now() / 1000) - 1 });
    expect(await accounts.findAccountByLogin(stale.username)).toBeUndefined();
    expect(await accounts.findUserByEmail(stale.email)).toBeUndefined();
    const taker = await newAccount({ username: stale.username, email: stale.email });
    expect((await accounts.findAccountByLogin(stale.username))?.user.id).toBe(taker.userId);
    // The stale account's link can no longer activate it: its claims belong to someone else now.
    expect(await accounts.verifyEmail(stale.verification.hash, Date.now())).toBeUndefined();
    expect((await getUserById(stale.userId))?.emailVerified).toBe(false);
  });

  it('stop expiring once verified', async () => {
    const account = await newAccount();
    expect((await itemAt(keys.usernameClaim(account.username)))?.expiresAt).toEqual(expect.any(Number));
    await accounts.verifyEmail(account.verification.hash, Date.now());
    for (const key of [
      keys.user(account.userId),
      keys.credentials(account.userId),
      keys.usernameClaim(account.username),
      keys.emailClaim(account.email),
    ]) {
      expect(await itemAt(key)).toBeDefined();
      expect((await itemAt(key))?.expiresAt).toBeUndefined();
    }
  });
});

describe('verification tokens', () => {
  it('stores only the SHA-256 of the token', async () => {
    const account = await newAccount();
    const byHash = await db().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.token('verify', hashToken(account.verification.token)),
      }),
    );
    expect(byHash.Item).toBeDefined();
    expect(JSON.stringify(byHash.Item)).not.toContain(account.verification.token);
  });

  it('refuses an expired token, even before TTL has deleted it', async () => {
    const account = await newAccount();
    expect(await accounts.verifyEmail(account.verification.hash, Date.now() + 25 * HOUR_MS)).toBeUndefined();
    expect((await getUserById(account.userId))?.emailVerified).toBe(false);
  });

  it('lets exactly one of ten concurrent uses succeed', async () => {
    const account = await newAccount();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => accounts.verifyEmail(account.verification.hash, Date.now())),
    );
    expect(results.filter((result) => result === account.userId)).toHaveLength(1);
  });

  it('invalidates the old token when a new one is issued', async () => {
    const account = await newAccount();
    const next = newSecretToken();
    const replaced = await accounts.replaceVerificationToken(
      account.user,
      next.hash,
      Math.floor(Date.now() / 1000) + 3600,
    );
    expect(replaced).toBe(true);
    expect(await accounts.verifyEmail(account.verification.hash, Date.now())).toBeUndefined();
    expect(await accounts.verifyEmail(next.hash, Date.now())).toBe(account.userId);
    const afterVerified = await accounts.replaceVerificationToken(
      account.user,
      newSecretToken().hash,
      Math.floor(Date.now() / 1000) + 3600,
    );
    expect(afterVerified).toBe(false);
  });
});

describe('password reset tokens', () => {
  it('expire after an hour and only the newest works', async () => {
    const account = await newAccount();
    const user = account.user;
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const older = newSecretToken();
    const newer = newSecretToken();
    await accounts.storeResetToken(user, older.hash, expiresAt);
    await accounts.storeResetToken(user, newer.hash, expiresAt);
    expect(await accounts.resetPassword(older.hash, 'new-hash', Date.now())).toBeUndefined();
    expect(await accounts.resetPassword(newer.hash, 'new-hash', Date.now() + 2 * HOUR_MS)).toBeUndefined();
    const now = Date.now();
    expect(await accounts.resetPassword(newer.hash, 'new-hash', now)).toBe(account.userId);
    const after = await accounts.getAccount(account.userId);
    expect(after?.passwordHash).toBe('new-hash');
    expect(after?.tokensValidAfter).toBe(now);
    expect(after?.user.emailVerified).toBe(true);
  });
});

/** A stored refresh token of a new account, and a way to rotate it at a given time with a given leeway. */
async function savedRefreshToken() {
  const account = await newAccount();
  const familyId = ulid();
  const now = Date.now();
  const record = {
    userId: account.userId,
    username: account.username,
    familyId,
    issuedAt: now,
    expiresAt: now + HOUR_MS,
  };
  const token = newSecretToken();
  await accounts.saveRefreshToken(token.hash, record);
  const rotate = (at: number, leewayMs: number) =>
    accounts.rotateRefreshToken(
      token.hash,
      familyId,
      { tokenHash: newSecretToken().hash, record },
      at,
      leewayMs,
    );
  return { familyId, now, rotate };
}

describe('refresh tokens', () => {
  it('rotate once: a second rotation of the same token is reported as reuse', async () => {
    const { now, rotate } = await savedRefreshToken();
    const [a, b] = await Promise.all([rotate(now, 0), rotate(now, 0)]);
    expect([a, b].sort()).toEqual(['reused', 'rotated']);
  });

  it('may be used again within the leeway after the first use, and never after it', async () => {
    const { now, rotate } = await savedRefreshToken();
    const [a, b] = await Promise.all([rotate(now, 10_000), rotate(now, 10_000)]);
    expect([a, b]).toEqual(['rotated', 'rotated']);
    expect(await rotate(now + 9_000, 10_000)).toBe('rotated');
    // The leeway runs from the first use: the uses inside it did not extend it.
    expect(await rotate(now + 11_000, 10_000)).toBe('reused');
  });

  it('refuse to rotate within a revoked family', async () => {
    const { familyId, now, rotate } = await savedRefreshToken();
    await accounts.revokeFamily(familyId, now, now + HOUR_MS);
    expect(await rotate(now, 0)).toBe('revoked');
  });
});
