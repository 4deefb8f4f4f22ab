/** The production wiring of the posts routes: the DynamoDB repositories, the system clock and ULIDs. */
import type { Context } from 'aws-lambda';
import { createPostIdempotently } from '#shared/adapters/idempotent-posting';
import { authorPage } from '#shared/db/author-page';
import { postHydration } from '#shared/db/post-hydration';
import { postStore } from '#shared/db/post-repository';
import { countPost } from '#shared/db/rate-limiter';
import { relationshipReads } from '#shared/db/relationship-repository';
import { userDirectory } from '#shared/db/user-directory';
import { systemClock, ulidIds } from '#shared/domain/clock';
import type { CreatePostInput, Post, PostDependencies } from '#shared/domain/post';
import type { PostReadDependencies, UserPageDependencies } from '#shared/domain/post-lists';

export const postDeps: PostDependencies = {
  posts: postStore,
  users: userDirectory,
  relationships: relationshipReads,
  countPost,
  clock: systemClock,
  ids: ulidIds,
};

/** The public reads: the same stores, and the hydrate stage's batched reads (viewer state). */
export const postReadDeps: PostReadDependencies = { ...postDeps, hydration: postHydration };

/** A user's page: the public reads and the posts-and-reposts read (only ListUserPosts bundles it). */
export const userPageDeps: UserPageDependencies = { ...postReadDeps, pages: { authorPosts: authorPage } };

/** Creates a post, exactly once per (caller, Idempotency-Key) when a key is given. */
export function createPostOnce(
  input: CreatePostInput,
  idempotencyKeyHeader: string | undefined,
  context: Context,
): Promise<Post> {
  return createPostIdempotently(postDeps, input, idempotencyKeyHeader, context);
}
