/** Wiring of POST /v1/posts: the posts stores with Powertools idempotency (only CreatePost bundles it). */
import type { Context } from 'aws-lambda';
import { createPostIdempotently } from '#shared/adapters/idempotent-posting';
import type { CreatePostInput, Post } from '#shared/domain/post';
import { postDeps } from './deps';

/** Creates a post, exactly once per (caller, Idempotency-Key) when a key is given. */
export function createPostOnce(
  input: CreatePostInput,
  idempotencyKeyHeader: string | undefined,
  context: Context,
): Promise<Post> {
  return createPostIdempotently(postDeps, input, idempotencyKeyHeader, context);
}
