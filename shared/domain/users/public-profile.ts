import { userNotFound } from '#shared/errors';
import type { Page } from '../pagination';
import { type PublicUser, toPublicUser } from '../user';
import type { PeopleSearch, ProfileStore } from './ports';

/** How a signed-in reader stands with the profile's owner (absent for anonymous readers and the owner). */
export interface ProfileViewerState {
  /** The reader follows the owner. */
  following: boolean;
  /** The owner follows the reader (so the reader may message them). */
  followedBy: boolean;
}

export type ProfileForViewer = PublicUser & { viewer?: ProfileViewerState };

/** Whether a follow edge exists (shared/db/follow-repository.ts, a strongly consistent GetItem). */
export type FollowEdgeExists = (followerId: string, followeeId: string) => Promise<boolean>;

/**
 * A public page's profile, design included. Unverified accounts have no page. A signed-in reader other than the
 * owner also gets `viewer`: both follow edges, read in parallel (two GetItems), so a client never pages a
 * following list to draw its follow button.
 */
export async function getPublicProfile(
  deps: { users: Pick<ProfileStore, 'findUserByUsername'>; followExists: FollowEdgeExists },
  input: { username: string; viewerId?: string | undefined },
): Promise<ProfileForViewer> {
  const user = await deps.users.findUserByUsername(input.username);
  if (!user) throw userNotFound(input.username);
  const profile = toPublicUser(user);
  const viewerId = input.viewerId;
  if (!viewerId || viewerId === user.id) return profile;
  const [following, followedBy] = await Promise.all([
    deps.followExists(viewerId, user.id),
    deps.followExists(user.id, viewerId),
  ]);
  return { ...profile, viewer: { following, followedBy } };
}

/** People search (`GET /v1/users?q=`): public profiles only. */
export async function searchPeople(
  deps: { search: PeopleSearch },
  query: { q: string; limit: number; cursor?: string | undefined },
): Promise<Page<PublicUser>> {
  const page = await deps.search.searchUsers(query.q, query.limit, query.cursor);
  return { items: page.items.map(toPublicUser), nextCursor: page.nextCursor };
}
