import { listRelations } from '#shared/domain/relationships/relationships';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery } from '#shared/schemas/posts';
import { relationshipDeps } from './deps';

export const handler = httpHandler(
  { schemas: { query: PageQuery }, auth: 'required' },
  async ({ query, caller }) =>
    ok(await listRelations(relationshipDeps, { kind: 'mute', userId: caller.userId, ...query })),
);
