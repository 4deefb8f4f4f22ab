/** What the profile and people-search use cases need from storage (shared/db implements these). */
import type { Page } from '../pagination';
import type { ProfileFields, User } from '../user';

export interface ProfileStore {
  /** The account with this id, verified or not. */
  getUserById(userId: string): Promise<User | undefined>;
  /** The verified account with this username (any case). */
  findUserByUsername(username: string): Promise<User | undefined>;
  /** A profile as read for an edit: the user and the version the edit must still find. */
  getProfileForUpdate(userId: string): Promise<{ user: User; version: number } | undefined>;
  /** Writes the editable fields if the profile is still at `expectedVersion`; false when another edit won. */
  saveProfileFields(userId: string, fields: ProfileFields, expectedVersion: number): Promise<boolean>;
}

export interface PeopleSearch {
  /** Verified users matching a folded query: exact username, username prefix, then name prefix. */
  searchUsers(query: string, limit: number, cursor?: string): Promise<Page<User>>;
}
