/** A Skylark account as the domain sees it. Credentials live apart (see credentials in user-repository). */
export interface User {
  id: string;
  /** Lowercase, `^[a-z0-9_]{3,30}$`. */
  username: string;
  firstName: string;
  lastName: string;
  /** Lowercased; private to the owner. */
  email: string;
  emailVerified: boolean;
  createdAt: string;
  followerCount: number;
  followingCount: number;
  postCount: number;
}

/** What anyone may see of a user. */
export interface PublicUser {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  createdAt: string;
  followerCount: number;
  followingCount: number;
  postCount: number;
}

/** The author line embedded in posts and lists. */
export interface UserSummary {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
}

export function toPublicUser(user: User): PublicUser {
  const { id, username, firstName, lastName, createdAt, followerCount, followingCount, postCount } = user;
  return { id, username, firstName, lastName, createdAt, followerCount, followingCount, postCount };
}

export function toUserSummary(user: Pick<User, 'id' | 'username' | 'firstName' | 'lastName'>): UserSummary {
  return { id: user.id, username: user.username, firstName: user.firstName, lastName: user.lastName };
}
