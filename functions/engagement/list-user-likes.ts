import { listUserLikes } from '#shared/domain/engagement/engagement';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery, UsernamePath } from '#shared/schemas/engagement';
import { engagementDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: UsernamePath, query: PageQuery }, auth: 'optional' },
  async ({ path, query, caller }) =>
    ok(
      await listUserLikes(engagementDeps, {
        username: path.username,
        viewerId: caller?.userId,
        ...query,
      }),
    ),
);
