import { listEngagers } from '#shared/domain/engagement/engagement';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery, PostPath } from '#shared/schemas/engagement';
import { engagementDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: PostPath, query: PageQuery }, auth: 'optional' },
  async ({ path, query, caller }) =>
    ok(
      await listEngagers(engagementDeps, {
        kind: 'like',
        postId: path.id,
        viewerId: caller?.userId,
        ...query,
      }),
    ),
);
