/**
 * What the account use cases need from the outside world, defined here so the domain owns its types:
 * shared/db/account-repository.ts implements AccountStore, shared/adapters the mail, token and hash ports.
 */
import type { Identity } from '../identity';
import type { User } from '../user';

export type TokenPurpose = 'verify' | 'reset';

export interface NewAccount {
  userId: string;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  passwordHash: string;
  createdAt: string;
  verification: { tokenHash: string; expiresAt: number };
  /**
   * Epoch seconds after which an account that was never verified is deleted (TTL on the profile, credentials
   * and claims) and its username and email can be registered again.
   */
  unverifiedExpiresAt: number;
}

export type CreateAccountResult = 'created' | 'username_taken' | 'email_taken';

export interface Account {
  user: User;
  passwordHash: string;
  /** Refresh tokens issued before this instant (epoch ms) are void: set by a password reset. */
  tokensValidAfter: number;
  /** Set while a deleted account waits out its grace period (shared/domain/account-lifecycle). */
  deactivation?: { deactivatedAt: string; erasureDueAt: string };
}

export interface RefreshTokenRecord {
  userId: string;
  username: string;
  familyId: string;
  issuedAt: number;
  expiresAt: number;
  usedAt?: number;
}

/** 'conflict': other writes to the same token kept cancelling the rotation; the client may retry. */
export type RotationResult = 'rotated' | 'reused' | 'revoked' | 'conflict';

/** Accounts, their one-time tokens and refresh-token families (shared/db/account-repository.ts). */
export interface AccountStore {
  /** Writes the profile, credentials, both claims and the verification token, or nothing. */
  createAccount(account: NewAccount): Promise<CreateAccountResult>;
  /** By email or username, verified or not. */
  findAccountByLogin(login: string): Promise<Account | undefined>;
  findUserByEmail(email: string): Promise<User | undefined>;
  getAccount(userId: string): Promise<Account | undefined>;
  updatePasswordHash(userId: string, passwordHash: string): Promise<void>;
  /** Consumes a verification token; the verified user's id, or undefined for an unknown or used token. */
  verifyEmail(tokenHash: string, nowMs: number): Promise<string | undefined>;
  replaceVerificationToken(
    user: Pick<User, 'id' | 'username' | 'email'>,
    tokenHash: string,
    expiresAt: number,
  ): Promise<boolean>;
  storeResetToken(
    user: Pick<User, 'id' | 'username' | 'email'>,
    tokenHash: string,
    expiresAt: number,
  ): Promise<void>;
  /** Consumes a reset token and sets the new hash; the user's id, or undefined for an unknown or used token. */
  resetPassword(tokenHash: string, passwordHash: string, nowMs: number): Promise<string | undefined>;
  saveRefreshToken(tokenHash: string, record: RefreshTokenRecord): Promise<void>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  rotateRefreshToken(
    oldHash: string,
    familyId: string,
    next: { tokenHash: string; record: RefreshTokenRecord },
    nowMs: number,
    leewayMs: number,
  ): Promise<RotationResult>;
  revokeFamily(familyId: string, nowMs: number, expiresAtMs: number): Promise<void>;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export type SendMail = (message: MailMessage) => Promise<void>;

/** A random secret for a link or a session, and the digest that is stored instead of it. */
export interface SecretToken {
  token: string;
  hash: string;
}

export type IssueAccessToken = (identity: Identity) => Promise<string>;
