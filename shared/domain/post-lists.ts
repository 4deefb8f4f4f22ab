/**
 * Lists of posts that are not timelines: a user's page and a post's replies, each read as stages
 * (shared/domain/read-stages.ts), so what hydration adds to a post reaches every list.
 */
import { NotFoundError, userNotFound } from '#shared/errors';
import type { Page } from './pagination';
import { getPost, type PageRequest, type Post, type PostDependencies } from './post';
import { hydratePosts, type PostHydration, readPostList } from './read-stages';
import { assertCanSeeContentOf } from './relationships/visibility';

/** What the public post reads need: the stores, and the hydrate stage's batched reads. */
export type PostReadDependencies = Pick<PostDependencies, 'posts' | 'users'> & { hydration?: PostHydration };

/**
 * A post, with the reader's viewer state when signed in. A post the reader may not see (a protected account's,
 * or across a block) is the same 404 as a missing one. @throws NotFoundError post_not_found
 */
export async function readPost(
  deps: Pick<PostReadDependencies, 'posts' | 'hydration'>,
  input: { postId: string; viewerId?: string | undefined },
): Promise<Post> {
  const post = await getPost(deps, input.postId);
  if (!deps.hydration) return post;
  const [hydrated] = await hydratePosts([post], { viewerId: input.viewerId, hydration: deps.hydration });
  if (!hydrated) throw new NotFoundError('post_not_found', 'No such post');
  return hydrated;
}

/** A user's posts, newest first, read as stages (shared/domain/read-stages.ts). @throws NotFoundError user_not_found */
export async function listUserPosts(
  deps: PostReadDependencies,
  input: { username: string; viewerId?: string | undefined } & PageRequest,
): Promise<Page<Post>> {
  const user = await deps.users.findByUsername(input.username);
  if (!user) throw userNotFound(input.username);
  if (deps.hydration) await assertCanSeeContentOf(deps.hydration.relationships, input.viewerId, user);
  return readPostList(() => deps.posts.pageByAuthor(user.id, input), {
    viewerId: input.viewerId,
    hydration: deps.hydration,
  });
}

/**
 * The replies to a post the reader may see, oldest first, read as stages (replies the reader may not see are
 * left out). @throws NotFoundError post_not_found
 */
export async function listReplies(
  deps: Pick<PostReadDependencies, 'posts' | 'hydration'>,
  input: { postId: string; viewerId?: string | undefined } & PageRequest,
): Promise<Page<Post>> {
  await readPost(deps, input);
  return readPostList(() => deps.posts.pageReplies(input.postId, input), {
    viewerId: input.viewerId,
    hydration: deps.hydration,
  });
}
