/** Users as plain domain values, for unit tests (no table involved). */
import { DEFAULT_DESIGN } from '#shared/domain/design';
import type { User } from '#shared/domain/user';

export function makeUser(overrides: Partial<User> = {}): User {
  const username = overrides.username ?? 'ada';
  return {
    id: `id-${username}`,
    username,
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `${username}@example.test`,
    emailVerified: true,
    createdAt: '2026-11-26T12:00:00.000Z',
    followerCount: 0,
    followingCount: 0,
    postCount: 0,
    bio: null,
    location: null,
    website: null,
    protected: false,
    accountType: 'person',
    category: null,
    design: DEFAULT_DESIGN,
    ...overrides,
  };
}
