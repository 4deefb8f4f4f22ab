import { listReports } from '#shared/domain/moderation/moderation';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { ReportsQuery } from '#shared/schemas/moderation';
import { moderationDeps } from './deps';

export const handler = httpHandler(
  { schemas: { query: ReportsQuery }, auth: 'required' },
  async ({ query, caller }) => ok(await listReports(moderationDeps, { operatorId: caller.userId, ...query })),
);
