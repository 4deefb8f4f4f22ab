import { readAuditLog } from '#shared/domain/moderation/moderation';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery } from '#shared/schemas/moderation';
import { moderationDeps } from './deps';

export const handler = httpHandler(
  { schemas: { query: PageQuery }, auth: 'required' },
  async ({ query, caller }) =>
    ok(await readAuditLog(moderationDeps, { operatorId: caller.userId, ...query })),
);
