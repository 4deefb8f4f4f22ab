import { httpHandler } from '#shared/http/handler';
import { created } from '#shared/http/responses';
import { CreatePostBody } from '#shared/schemas/posts';
import { createPostOnce } from './create-deps';

export const handler = httpHandler(
  { schemas: { body: CreatePostBody }, auth: 'required' },
  async ({ body, caller, headers, context }) => {
    const post = await createPostOnce(
      { authorId: caller.userId, ...body },
      headers['idempotency-key'],
      context,
    );
    return created(post, `/v1/posts/${post.id}`);
  },
);
