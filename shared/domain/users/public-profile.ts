import { userNotFound } from '#shared/errors';
import type { Page } from '../pagination';
import type { RelationshipReads } from '../relationships/ports';
import { assertProfileAvailable } from '../relationships/visibility';
import { type PublicUser, toPublicUser } from '../user';
import type { PeopleSearch, ProfileStore } from './ports';

/**
 * A public page's profile, design included. Unverified accounts have no page, and an account that blocks the
 * reader is not available to them (the same 404). A protected account's profile shows, with `protected: true`,
 * so people can ask to follow it; its posts and lists do not.
 */
export async function getPublicProfile(
  deps: { users: Pick<ProfileStore, 'findUserByUsername'>; relationships: RelationshipReads },
  input: { username: string; viewerId?: string | undefined },
): Promise<PublicUser> {
  const user = await deps.users.findUserByUsername(input.username);
  if (!user) throw userNotFound(input.username);
  await assertProfileAvailable(deps.relationships, input.viewerId, user);
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
