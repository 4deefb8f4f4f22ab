/**
 * Likes and reposts ("engagements"): a user's edge to a post, and the post's counter, always changed together in
 * one guarded transaction (shared/db/engagement-repository.ts), so `likeCount` and `repostCount` equal the
 * number of edges whatever the concurrency. Both are idempotent: a second like changes nothing and answers the
 * same. A repost reaches the reposter's followers through the table-only stream reactions (the fan-out).
 */
import { NotFoundError, userNotFound } from '#shared/errors';
import type { Clock, IdGenerator } from '../clock';
import type { Page } from '../pagination';
import type { PageRequest, Post } from '../post';
import type { ConsumeRateLimit, RateLimitName } from '../rate-limits';
import { hydratePosts, type PostHydration } from '../read-stages';
import type { RelationshipReads } from '../relationships/ports';
import { assertCanSeeContentOf, loadAudience } from '../relationships/visibility';
import type { PublicUser } from '../user';
import type { EngagementKind, EngagementStore, PostLookup, PostVisibility, UserLookup } from './ports';

export * from './ports';
export { viewerStates } from './viewer-state';

export interface EngagementDependencies {
  engagements: EngagementStore;
  posts: PostLookup;
  users: UserLookup;
  rateLimit: ConsumeRateLimit;
  canSee: PostVisibility;
  /** The gates and filters of the lists (a protected account's likes, blocked people). */
  relationships: RelationshipReads;
  clock: Clock;
  ids: IdGenerator;
  /** The hydrate stage's viewer state for lists of posts. */
  hydration?: PostHydration;
}

const RATE_LIMIT_OF: Record<EngagementKind, RateLimitName> = { like: 'like:user', repost: 'repost:user' };

export interface EngagementInput {
  kind: EngagementKind;
  userId: string;
  postId: string;
}

/**
 * Likes or reposts a post; idempotent (a second call changes nothing). Reposting your own post is allowed
 * once, like any other.
 * @throws NotFoundError post_not_found (unknown, deleted, or not visible to the caller); RateLimitedError
 * @returns whether anything changed
 */
export async function engage(
  deps: Pick<EngagementDependencies, 'engagements' | 'rateLimit' | 'canSee' | 'clock' | 'ids'> & {
    posts: Pick<PostLookup, 'findById'>;
  },
  input: EngagementInput,
): Promise<boolean> {
  await deps.rateLimit(RATE_LIMIT_OF[input.kind], input.userId);
  const post = await visiblePost(deps, input.userId, input.postId);
  const now = deps.clock.now();
  return deps.engagements.add({
    kind: input.kind,
    id: deps.ids.next(now),
    userId: input.userId,
    postId: post.id,
    postAuthorId: post.author.id,
    createdAt: now.toISOString(),
  });
}

/**
 * Undoes a like or repost; idempotent.
 * @throws NotFoundError post_not_found; RateLimitedError
 * @returns whether anything changed
 */
export async function disengage(
  deps: Pick<EngagementDependencies, 'engagements' | 'rateLimit' | 'canSee'> & {
    posts: Pick<PostLookup, 'findById'>;
  },
  input: EngagementInput,
): Promise<boolean> {
  await deps.rateLimit(RATE_LIMIT_OF[input.kind], input.userId);
  const post = await visiblePost(deps, input.userId, input.postId);
  return deps.engagements.remove(input.kind, input.userId, post);
}

/**
 * Who liked (reposted) a post the reader may see, newest first; accounts blocked either way, suspended or
 * deactivated are left out.
 * @throws NotFoundError post_not_found
 */
export async function listEngagers(
  deps: Pick<EngagementDependencies, 'engagements' | 'posts' | 'users' | 'relationships'>,
  input: { kind: EngagementKind; postId: string; viewerId?: string | undefined } & PageRequest,
): Promise<Page<PublicUser>> {
  const post = await deps.posts.findById(input.postId);
  if (!post) throw postNotFound();
  const author = await loadAudience(deps.relationships, input.viewerId, [post.author.id]);
  if (!author.canSeeContentOf(post.author.id)) throw postNotFound();
  const page = await deps.engagements.pageOfPost(input.kind, post.id, input);
  const userIds = page.items.map((engagement) => engagement.userId);
  const [users, audience] = await Promise.all([
    deps.users.getMany(userIds),
    loadAudience(deps.relationships, input.viewerId, userIds),
  ]);
  return { items: users.filter((user) => !audience.hidden(user.id)), nextCursor: page.nextCursor };
}

/**
 * The posts a user liked, newest like first; posts deleted since, and posts the reader may not see, are left
 * out (the hydrate stage). A protected account's likes are for its approved followers (the same 404 as for a
 * missing user). A signed-in reader gets their own viewer state on each. @throws NotFoundError user_not_found
 */
export async function listUserLikes(
  deps: Pick<EngagementDependencies, 'engagements' | 'posts' | 'users' | 'relationships' | 'hydration'>,
  input: { username: string; viewerId?: string | undefined } & PageRequest,
): Promise<Page<Post>> {
  const user = await deps.users.findByUsername(input.username);
  if (!user) throw userNotFound(input.username);
  await assertCanSeeContentOf(deps.relationships, input.viewerId, user);
  const page = await deps.engagements.pageByUser('like', user.id, input);
  const posts = await deps.posts.getMany(
    page.items.map((like) => ({ authorId: like.postAuthorId, postId: like.postId })),
  );
  const items = await hydratePosts(posts, { viewerId: input.viewerId, hydration: deps.hydration });
  return { items, nextCursor: page.nextCursor };
}

async function visiblePost(
  deps: Pick<EngagementDependencies, 'canSee'> & { posts: Pick<PostLookup, 'findById'> },
  viewerId: string,
  postId: string,
): Promise<Post> {
  const post = await deps.posts.findById(postId);
  // A post the caller may not see answers exactly like one that does not exist (no hint that it does).
  if (!post || !(await deps.canSee(viewerId, post))) throw postNotFound();
  return post;
}

function postNotFound(): NotFoundError {
  return new NotFoundError('post_not_found', 'No such post');
}
