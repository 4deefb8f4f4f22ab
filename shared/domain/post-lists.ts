/**
 * Lists of posts that are not timelines: a user's page and a post's replies, each read as stages
 * (shared/domain/read-stages.ts), so what hydration adds to a post reaches every list.
 */
import { userNotFound } from '#shared/errors';
import type { Page } from './pagination';
import { getVisiblePost, type PageRequest, type Post, type PostDependencies } from './post';
import { hydratePosts, type PostHydration, readPostList } from './read-stages';

/** What the public post reads need: the stores, and the hydrate stage's batched reads. */
export type PostReadDependencies = Pick<PostDependencies, 'posts' | 'users'> & { hydration?: PostHydration };

/** A post, with the reader's viewer state when signed in. @throws NotFoundError post_not_found */
export async function readPost(
  deps: PostReadDependencies,
  input: { postId: string; viewerId?: string | undefined },
): Promise<Post> {
  const post = await getVisiblePost(deps, input.postId);
  const [hydrated] = await hydratePosts([post], { viewerId: input.viewerId, hydration: deps.hydration });
  return hydrated ?? post;
}

/** A user's posts, newest first, read as stages (shared/domain/read-stages.ts). @throws NotFoundError user_not_found */
export async function listUserPosts(
  deps: PostReadDependencies,
  input: { username: string; viewerId?: string | undefined } & PageRequest,
): Promise<Page<Post>> {
  const user = await deps.users.findByUsername(input.username);
  if (!user) throw userNotFound(input.username);
  return readPostList(() => deps.posts.pageByAuthor(user.id, input), {
    viewerId: input.viewerId,
    hydration: deps.hydration,
  });
}

/** The replies to a post, oldest first, read as stages. @throws NotFoundError post_not_found */
export async function listReplies(
  deps: PostReadDependencies,
  input: { postId: string; viewerId?: string | undefined } & PageRequest,
): Promise<Page<Post>> {
  await getVisiblePost(deps, input.postId);
  return readPostList(() => deps.posts.pageReplies(input.postId, input), {
    viewerId: input.viewerId,
    hydration: deps.hydration,
  });
}
