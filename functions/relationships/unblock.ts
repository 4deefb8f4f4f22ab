import { unrelate } from '#shared/domain/relationships/relationships';
import { httpHandler } from '#shared/http/handler';
import { noContent } from '#shared/http/responses';
import { UsernamePath } from '#shared/schemas/posts';
import { relationshipDeps } from './deps';

/** Idempotent: unblocking an account you do not block is the same 204. */
export const handler = httpHandler(
  { schemas: { path: UsernamePath }, auth: 'required' },
  async ({ path, caller }) => {
    await unrelate(relationshipDeps, { kind: 'block', userId: caller.userId, username: path.username });
    return noContent();
  },
);
