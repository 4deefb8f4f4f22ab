/**
 * Every read of posts runs as named stages (the shape of Bluesky's feed pipelines):
 * 1. skeleton: the Queries that find which posts to show (ids in order, with the stored content);
 * 2. merge: several skeletons into one ordered, de-duplicated page (the home timeline's pulled celebrities);
 * 3. hydrate: what the reader sees with each post, batched for the whole page. Today the stored post as is;
 *    likes, reposts, blocks and the viewer's state plug in here, so every read gains them at once;
 * 4. present: the page the API returns, with its cursor.
 */
import type { Page } from './pagination';
import type { Post } from './post';

/** Who is reading: undefined for a signed-out reader. */
export interface ReadContext {
  viewerId?: string | undefined;
}

/**
 * Stage 3 for every read: one batched step over the whole page, never one request per post.
 * It returns the posts to show, in the order given.
 */
export async function hydratePosts(posts: readonly Post[], _context: ReadContext): Promise<Post[]> {
  return [...posts];
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
