import { listConversations } from '#shared/domain/messages';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery } from '#shared/schemas/messages';
import { messageDeps } from './deps';

export const handler = httpHandler(
  { schemas: { query: PageQuery }, auth: 'required' },
  async ({ query, caller }) =>
    ok(await listConversations(messageDeps, { callerId: caller.userId, ...query })),
);
