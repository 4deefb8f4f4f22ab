import { resolveReport } from '#shared/domain/moderation/moderation';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { ReportPath, ResolveReportBody } from '#shared/schemas/moderation';
import { moderationDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: ReportPath, body: ResolveReportBody }, auth: 'required' },
  async ({ path, body, caller }) =>
    ok(await resolveReport(moderationDeps, { operatorId: caller.userId, reportId: path.id, ...body })),
);
