import { suspendUser } from '#shared/domain/moderation/moderation';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { ModerationNoteBody, UsernamePath } from '#shared/schemas/moderation';
import { moderationDeps } from './deps';

export const handler = httpHandler(
  { schemas: { path: UsernamePath, body: ModerationNoteBody }, auth: 'required' },
  async ({ path, body, caller }) =>
    ok(
      await suspendUser(moderationDeps, {
        operatorId: caller.userId,
        username: path.username,
        note: body?.note,
      }),
    ),
);
