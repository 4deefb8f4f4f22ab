/**
 * POST /api/v1/statuses: a post, created once per (author, Idempotency-Key) as POST /v1/posts creates it, or
 * with visibility "direct" a direct message. Apart from the other status routes (shared/domain/mastodon/
 * activity.ts) because idempotent creation needs Powertools idempotency and JMESPath, which no other route
 * uses: it is its own function (functions/mastodon/create-status.ts).
 */
import type { CreatePostInput, Post } from '#shared/domain/post';
import { statusInput } from './api';
import { type MastodonConversationDeps, sendDirectStatus } from './conversations';
import type { MastodonStatus } from './entities';
import { type PresentDeps, presentStatus } from './present';

export interface MastodonPostingDeps extends PresentDeps, MastodonConversationDeps {
  /** Creates a post once per (author, Idempotency-Key), as POST /v1/posts does. */
  createPost(
    input: CreatePostInput,
    idempotencyKey: string | undefined,
    lambdaContext: object,
  ): Promise<Post>;
}

/** The status parameters both kinds of status read. */
export type StatusBody = Parameters<typeof statusInput>[1] & Parameters<typeof sendDirectStatus>[1]['body'];

/** The new status as the author sees it: the post, or the direct message as a `direct` status. */
export async function postStatus(
  deps: MastodonPostingDeps,
  input: { callerId: string; body: StatusBody; idempotencyKey: string | undefined; lambdaContext: object },
): Promise<MastodonStatus> {
  if (input.body.visibility === 'direct') {
    return sendDirectStatus(deps, { callerId: input.callerId, body: input.body });
  }
  const post = await deps.createPost(
    statusInput(input.callerId, input.body),
    input.idempotencyKey,
    input.lambdaContext,
  );
  return presentStatus(deps, post, input.callerId);
}
