import { readConversation } from '#shared/domain/messages';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { PageQuery, UsernamePath } from '#shared/schemas/messages';
import { messageDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: UsernamePath, query: PageQuery }, auth: 'required' },
  async ({ path, query, caller }) =>
    ok(await readConversation(messageDeps, { callerId: caller.userId, username: path.username, ...query })),
);
