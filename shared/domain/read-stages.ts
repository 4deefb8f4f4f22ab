/**
 * Every read of posts runs as named stages (the shape of Bluesky's feed pipelines):
 * 1. skeleton: the Queries that find which posts to show (ids in order, with the stored content);
 * 2. merge: several skeletons into one ordered, de-duplicated page (the home timeline's pulled celebrities);
 * 3. hydrate: what the reader sees with each post, batched for the whole page: current counts for copies
 *    (one BatchGetItem of the posts, which also drops copies of posts deleted since) and the signed-in reader's
 *    viewer state (one Query), and who the reader may see (blocks, mutes, protected accounts: one Query of the
 *    reader's blocks and mutes, one BatchGetItem of the page's people; relationships/visibility.ts), so every
 *    read gains them at once;
 * 4. present: the page the API returns, with its cursor.
 */
import { type EngagedBetween, viewerStates } from './engagement/viewer-state';
import type { Page } from './pagination';
import type { Post } from './post';
import type { RelationshipReads } from './relationships/ports';
import { loadAudience, peopleOf, type ReadScope } from './relationships/visibility';

/** Where the hydrate stage reads from (shared/db implements it); each is one batched read per page. */
export interface PostHydration {
  /** The stored posts (current counts), in the order asked; gone ones absent. One BatchGetItem. */
  currentPosts(refs: ReadonlyArray<{ authorId: string; postId: string }>): Promise<Post[]>;
  engagedBetween: EngagedBetween;
  relationships: RelationshipReads;
}

/** Who is reading, and how to hydrate what they read. */
export interface ReadContext {
  /** undefined for a signed-out reader (no viewer state). */
  viewerId?: string | undefined;
  /** Without it posts are served as read (unit tests of the skeleton and merge stages). */
  hydration?: PostHydration | undefined;
  /**
   * The skeleton read copies (timeline and mention entries), which carry no counts: read the posts for them.
   * Copies of posts deleted since are dropped (the stream removes them shortly after).
   */
  copies?: boolean;
  /** Which visibility rules apply (mutes in `home`, protected posts out of `search`); `list` by default. */
  scope?: ReadScope;
}

/**
 * Stage 3 for every read: one batched step over the whole page, never one request per post (at most one
 * BatchGetItem for the counts of copies and one Query for the viewer state, run together).
 * It returns the posts to show, in the order given.
 */
export async function hydratePosts(posts: readonly Post[], context: ReadContext): Promise<Post[]> {
  const { hydration, viewerId } = context;
  if (!hydration || posts.length === 0) return [...posts];
  const refs = [
    ...new Map(posts.map((post) => [post.id, { authorId: post.author.id, postId: post.id }])).values(),
  ];
  const [audience, current, states] = await Promise.all([
    loadAudience(hydration.relationships, viewerId, peopleOf(posts)),
    context.copies ? hydration.currentPosts(refs) : undefined,
    viewerId === undefined
      ? undefined
      : viewerStates(
          hydration.engagedBetween,
          viewerId,
          refs.map((ref) => ref.postId),
        ),
  ]);
  const currentById = current && new Map(current.map((post) => [post.id, post]));
  const scope = context.scope ?? 'list';
  return posts.flatMap((post) => {
    const stored = currentById ? currentById.get(post.id) : post;
    if (!stored || !audience.canSeePost(post, scope)) return [];
    const viewer = states?.get(post.id);
    return [
      {
        ...post,
        replyCount: stored.replyCount,
        likeCount: stored.likeCount,
        repostCount: stored.repostCount,
        ...(viewer ? { viewer } : {}),
      },
    ];
  });
}

/** Stage 4 for a list with the store's opaque cursor. */
export function presentPage(items: Post[], nextCursor: string | null): Page<Post> {
  return { items, nextCursor };
}

/**
 * A read whose skeleton is one store page (mentions, a user's page, replies): no merge stage, since one
 * Query already returns the page in order.
 */
export async function readPostList(
  skeleton: () => Promise<Page<Post>>,
  context: ReadContext,
): Promise<Page<Post>> {
  const page = await skeleton();
  const hydrated = await hydratePosts(page.items, context);
  return presentPage(hydrated, page.nextCursor);
}
