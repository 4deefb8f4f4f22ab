/**
 * The create-status function: idempotent posting (Powertools idempotency, persisted in the table as for
 * POST /v1/posts), direct statuses as messages, and what presenting the new status reads.
 */
import type { Context } from 'aws-lambda';
import { createPostIdempotently } from '#shared/adapters/idempotent-posting';
import { postHydration } from '#shared/db/post-hydration';
import { findPostById } from '#shared/db/post-repository';
import { getUsersByIds, userDirectory } from '#shared/db/user-directory';
import type { MastodonPostingDeps } from '#shared/domain/mastodon/posting';
import { publicUrl } from './deps';
import { conversationMessages } from './messages-deps';
import { postDeps } from './reads-deps';

export const createStatusDeps: MastodonPostingDeps = {
  get publicUrl() {
    return publicUrl();
  },
  usersByIds: getUsersByIds,
  findPost: findPostById,
  hydration: postHydration,
  users: userDirectory,
  messages: conversationMessages,
  createPost: (input, idempotencyKey, lambdaContext) =>
    createPostIdempotently(postDeps, input, idempotencyKey, lambdaContext as Context),
};
