import { userNotFound } from '#shared/errors';
import type { Page } from '../pagination';
import { type PublicUser, toPublicUser } from '../user';
import type { PeopleSearch, ProfileStore } from './ports';

/** A public page's profile, design included. Unverified accounts have no page. */
export async function getPublicProfile(
  deps: { users: Pick<ProfileStore, 'findUserByUsername'> },
  username: string,
): Promise<PublicUser> {
  const user = await deps.users.findUserByUsername(username);
  if (!user) throw userNotFound(username);
  return toPublicUser(user);
}

/** People search (`GET /v1/users?q=`): public profiles only. */
export async function searchPeople(
  deps: { search: PeopleSearch },
  query: { q: string; limit: number; cursor?: string | undefined },
): Promise<Page<PublicUser>> {
  const page = await deps.search.searchUsers(query.q, query.limit, query.cursor);
  return { items: page.items.map(toPublicUser), nextCursor: page.nextCursor };
}
