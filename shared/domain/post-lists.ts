/**
 * Lists of posts that are not timelines: a user's page and a post's replies, each read as stages
 * (shared/domain/read-stages.ts), so what hydration adds to a post reaches every list.
 */
import { userNotFound } from '#shared/errors';
import type { Page } from './pagination';
import { getPost, type PageRequest, type Post, type PostDependencies } from './post';
import { readPostList } from './read-stages';

/** A user's posts, newest first, read as stages (shared/domain/read-stages.ts). @throws NotFoundError user_not_found */
export async function listUserPosts(
  deps: Pick<PostDependencies, 'posts' | 'users'>,
  input: { username: string } & PageRequest,
): Promise<Page<Post>> {
  const user = await deps.users.findByUsername(input.username);
  if (!user) throw userNotFound(input.username);
  return readPostList(() => deps.posts.pageByAuthor(user.id, input), {});
}

/** The replies to a post, oldest first, read as stages. @throws NotFoundError post_not_found */
export async function listReplies(
  deps: Pick<PostDependencies, 'posts'>,
  input: { postId: string } & PageRequest,
): Promise<Page<Post>> {
  await getPost(deps, input.postId);
  return readPostList(() => deps.posts.pageReplies(input.postId, input), {});
}
