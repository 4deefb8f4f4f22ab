import { mentionReader } from '#shared/db/timeline-repository';
import { listMentions } from '#shared/domain/timeline';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery } from '#shared/schemas/posts';

export const handler = httpHandler(
  { schemas: { query: PageQuery }, auth: 'required' },
  async ({ query, caller }) =>
    ok(await listMentions({ mentions: mentionReader }, { userId: caller.userId, ...query })),
);
