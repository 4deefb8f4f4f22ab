/** A Skylark account as the domain sees it. Credentials live apart (see credentials in user-repository). */
import type { AccountState } from './accounts/account-state';
import type { Design } from './design';

export type AccountType = 'person' | 'business';

/** What an owner may edit on their page (PATCH /v1/me). */
export interface ProfileFields {
  firstName: string;
  lastName: string;
  /** ≤ 160 characters. */
  bio: string | null;
  /** ≤ 30 characters. */
  location: string | null;
  /** http(s) URL. */
  website: string | null;
  accountType: AccountType;
  /** What a business is ("Café"); null for people. */
  category: string | null;
  design: Design;
  /**
   * A protected account: follows are requests it accepts or rejects, and its posts and lists are for its
   * approved followers only (shared/domain/relationships/visibility.ts).
   */
  protected: boolean;
}

export interface User extends ProfileFields {
  id: string;
  /** Lowercase, `^[a-z0-9_]{3,30}$`. */
  username: string;
  /** Lowercased; private to the owner. */
  email: string;
  emailVerified: boolean;
  createdAt: string;
  followerCount: number;
  followingCount: number;
  postCount: number;
  /** Absent = active (accounts/account-state.ts); never shown to others, who see only active accounts. */
  accountState?: AccountState;
}

/** What anyone may see of a user. */
export type PublicUser = Omit<User, 'email' | 'emailVerified' | 'accountState'>;

/** The author line embedded in posts and lists. */
export interface UserSummary {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
}

export function toPublicUser(user: User): PublicUser {
  const { email: _email, emailVerified: _emailVerified, accountState: _accountState, ...publicFields } = user;
  return publicFields;
}

export function toUserSummary(user: Pick<User, 'id' | 'username' | 'firstName' | 'lastName'>): UserSummary {
  return { id: user.id, username: user.username, firstName: user.firstName, lastName: user.lastName };
}
