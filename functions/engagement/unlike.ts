import { disengage } from '#shared/domain/engagement/engagement';
import { httpHandler } from '#shared/http/handler';
import { noContent } from '#shared/http/responses';
import { PostPath } from '#shared/schemas/engagement';
import { engagementDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: PostPath }, auth: 'required' },
  async ({ path, caller }) => {
    await disengage(engagementDeps, { kind: 'like', userId: caller.userId, postId: path.id });
    return noContent();
  },
);
