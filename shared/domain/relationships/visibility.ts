/**
 * Who may see whom. Every read asks here, with two batched reads per request at most: the reader's own blocks
 * and mutes (one Query) and how the people on the page stand towards the reader (one BatchGetItem). The rules:
 * - a suspended or deactivated account is hidden from everyone else everywhere (its posts, reposts, likes,
 *   replies and notifications), read from the profile the standings batch already fetches; it comes back when
 *   it is active again (nothing was deleted);
 * - a block hides the two accounts from each other everywhere (timelines, replies, search, notifications,
 *   mentions, likes lists); the blocked account's view of the blocker's page is `user_not_found`;
 * - a protected account's posts and lists are for itself and its approved followers; anyone else gets the
 *   very 404 a missing post or user gets, so nothing hints that they exist;
 * - a mute quietens the muted account in the muter's home timeline and notifications only;
 * - search and hashtag pages never show a protected account's posts to anyone but its owner.
 */
import { userNotFound } from '#shared/errors';
import type { RelationshipReads, Standing, ViewerRelations } from './ports';

/**
 * Where a read happens, for the rules that depend on it: `home` (the home timeline and notifications: mutes
 * apply), `search` (post search and hashtag pages: protected posts only for their owner), `list` (everything
 * else).
 */
export type ReadScope = 'home' | 'list' | 'search';

/** What the rules read of a post (structural: post.ts imports this module). */
export interface ShownPost {
  author: { id: string };
  repostedBy?: { id: string } | undefined;
}

const NO_RELATIONS: ViewerRelations = { blocked: new Set(), muted: new Set() };
const OPEN: Standing = { protected: false, blocksViewer: false, followedByViewer: false, inactive: false };

/** What one reader may see of a known set of people: built once per request, then asked per post. */
export class Audience {
  constructor(
    private readonly viewerId: string | undefined,
    private readonly relations: ViewerRelations,
    private readonly standings: ReadonlyMap<string, Standing>,
  ) {}

  /** A block either way between the reader and this account. */
  blockedEitherWay(userId: string): boolean {
    if (userId === this.viewerId) return false;
    return this.relations.blocked.has(userId) || this.standingOf(userId).blocksViewer;
  }

  /**
   * Whether the reader must not see this account at all: a block either way, or the account is suspended or
   * deactivated. What every read checks for the people it shows (authors, reposters, actors, likers).
   */
  hidden(userId: string): boolean {
    if (userId === this.viewerId) return false;
    return this.blockedEitherWay(userId) || this.standingOf(userId).inactive;
  }

  /** Whether the reader blocks this account (the reader's own choice, which they may undo). */
  blocks(userId: string): boolean {
    return this.relations.blocked.has(userId);
  }

  /** Whether the reader may see this account's posts and lists (not its bare profile). */
  canSeeContentOf(userId: string): boolean {
    if (userId === this.viewerId) return true;
    if (this.hidden(userId)) return false;
    const standing = this.standingOf(userId);
    return !standing.protected || standing.followedByViewer;
  }

  /** Whether this account is protected (for the read stages: protected posts stay out of search). */
  isProtected(userId: string): boolean {
    return this.standingOf(userId).protected;
  }

  /** Whether the reader muted this account. */
  muted(userId: string): boolean {
    return this.relations.muted.has(userId);
  }

  /** Whether a post may be shown to the reader in a read of this scope. */
  canSeePost(post: ShownPost, scope: ReadScope): boolean {
    const authorId = post.author.id;
    if (!this.canSeeContentOf(authorId)) return false;
    if (scope === 'search' && authorId !== this.viewerId && this.isProtected(authorId)) return false;
    const reposterId = post.repostedBy?.id;
    if (reposterId !== undefined && this.hidden(reposterId)) return false;
    if (scope === 'home' && [authorId, reposterId].some((id) => id !== undefined && this.muted(id))) {
      return false;
    }
    return true;
  }

  private standingOf(userId: string): Standing {
    return this.standings.get(userId) ?? OPEN;
  }
}

/**
 * The audience of one read: the reader's relations and the standings of `people` (the authors and reposters of
 * a page, the actors of notifications), read in parallel, one request each.
 */
export async function loadAudience(
  reads: RelationshipReads,
  viewerId: string | undefined,
  people: Iterable<string>,
): Promise<Audience> {
  const others = [...new Set(people)].filter((id) => id !== viewerId);
  const [relations, standings] = await Promise.all([
    viewerId === undefined ? NO_RELATIONS : reads.viewerRelations(viewerId),
    others.length === 0 ? new Map<string, Standing>() : reads.standings(viewerId, others),
  ]);
  return new Audience(viewerId, relations, standings);
}

/** The people a page of posts shows: authors and reposters. */
export function peopleOf(posts: readonly ShownPost[]): string[] {
  return posts.flatMap((post) => (post.repostedBy ? [post.author.id, post.repostedBy.id] : [post.author.id]));
}

/**
 * The gate of a user's posts, replies, likes and follower lists: a blocked reader, or anyone but an approved
 * follower of a protected account, gets the same `user_not_found` as for a missing user.
 * @throws NotFoundError user_not_found
 */
export async function assertCanSeeContentOf(
  reads: RelationshipReads,
  viewerId: string | undefined,
  user: { id: string; username: string },
): Promise<void> {
  const audience = await loadAudience(reads, viewerId, [user.id]);
  if (!audience.canSeeContentOf(user.id)) throw userNotFound(user.username);
}

/**
 * The gate of a profile (`GET /v1/users/{username}`): anyone may see that a protected account exists (to ask to
 * follow it); an account that blocks the reader is not available to them.
 * @throws NotFoundError user_not_found
 */
export async function assertProfileAvailable(
  reads: RelationshipReads,
  viewerId: string | undefined,
  user: { id: string; username: string },
): Promise<void> {
  if (viewerId === undefined || viewerId === user.id) return;
  const standings = await reads.standings(viewerId, [user.id]);
  if (standings.get(user.id)?.blocksViewer) throw userNotFound(user.username);
}

/** The PostVisibility of likes and reposts: may this reader engage with this post. */
export function postVisibility(reads: RelationshipReads) {
  return async (viewerId: string, post: Pick<ShownPost, 'author'>): Promise<boolean> => {
    const audience = await loadAudience(reads, viewerId, [post.author.id]);
    return audience.canSeeContentOf(post.author.id);
  };
}
