import { userNotFound } from '#shared/errors';
import type { Page } from '../pagination';
import type { RelationshipReads } from '../relationships/ports';
import { assertProfileAvailable } from '../relationships/visibility';
import { type PublicUser, toPublicUser } from '../user';
import type { PeopleSearch, ProfileStore } from './ports';

/** How a signed-in reader stands with the profile's owner (absent for anonymous readers and the owner). */
export interface ProfileViewerState {
  /** The reader follows the owner. */
  following: boolean;
  /** The owner follows the reader (so the reader may message them). */
  followedBy: boolean;
  /** The reader blocks the owner. */
  blocking: boolean;
  /** The reader muted the owner. */
  muting: boolean;
  /** The reader asked to follow the (protected) owner and the request is pending. */
  requested: boolean;
}

/** The reader's own edges towards one account, other than follows: block, mute, pending follow request. */
export type ViewerEdges = (
  viewerId: string,
  ownerId: string,
) => Promise<Pick<ProfileViewerState, 'blocking' | 'muting' | 'requested'>>;

export type ProfileForViewer = PublicUser & { viewer?: ProfileViewerState };

/** Whether a follow edge exists (shared/db/follow-repository.ts, a strongly consistent GetItem). */
export type FollowEdgeExists = (followerId: string, followeeId: string) => Promise<boolean>;

/**
 * A public page's profile, design included. Unverified accounts have no page, and an account that blocks the
 * reader is not available to them (the same 404). A protected account's profile shows, with `protected: true`,
 * so people can ask to follow it; its posts and lists do not. A signed-in reader other than the owner also gets
 * `viewer`: both follow edges (two GetItems) and the reader's block, mute and pending request towards the owner
 * (one BatchGetItem), read in parallel, so a client never pages a list to draw its buttons.
 */
export async function getPublicProfile(
  deps: {
    users: Pick<ProfileStore, 'findUserByUsername'>;
    followExists: FollowEdgeExists;
    viewerEdges: ViewerEdges;
    relationships: RelationshipReads;
  },
  input: { username: string; viewerId?: string | undefined },
): Promise<ProfileForViewer> {
  const user = await deps.users.findUserByUsername(input.username);
  if (!user) throw userNotFound(input.username);
  const profile = toPublicUser(user);
  const viewerId = input.viewerId;
  if (!viewerId || viewerId === user.id) return profile;
  const [following, followedBy, edges] = await Promise.all([
    deps.followExists(viewerId, user.id),
    deps.followExists(user.id, viewerId),
    deps.viewerEdges(viewerId, user.id),
    assertProfileAvailable(deps.relationships, viewerId, user),
  ]);
  return { ...profile, viewer: { following, followedBy, ...edges } };
}

/** People search (`GET /v1/users?q=`): public profiles only. */
export async function searchPeople(
  deps: { search: PeopleSearch },
  query: { q: string; limit: number; cursor?: string | undefined },
): Promise<Page<PublicUser>> {
  const page = await deps.search.searchUsers(query.q, query.limit, query.cursor);
  return { items: page.items.map(toPublicUser), nextCursor: page.nextCursor };
}
