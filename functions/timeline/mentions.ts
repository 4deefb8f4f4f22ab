import { listMentions } from '#shared/domain/timeline';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery } from '#shared/schemas/posts';
import { mentionsDeps } from './deps';

export const handler = httpHandler(
  { schemas: { query: PageQuery }, auth: 'required' },
  async ({ query, caller }) => ok(await listMentions(mentionsDeps, { userId: caller.userId, ...query })),
);
