import { fileReport } from '#shared/domain/moderation/moderation';
import { httpHandler } from '#shared/http/handler';
import { accepted } from '#shared/http/responses';
import { FileReportBody } from '#shared/schemas/moderation';
import { moderationDeps } from './deps';

export const handler = httpHandler(
  { schemas: { body: FileReportBody }, auth: 'required' },
  async ({ body, caller }) =>
    accepted(await fileReport(moderationDeps, { reporterId: caller.userId, ...body })),
);
