import { markNotificationsRead } from '#shared/domain/notifications/notifications';
import { httpHandler } from '#shared/http/handler';
import { noContent } from '#shared/http/responses';
import { MarkNotificationsReadBody } from '#shared/schemas/engagement';
import { notificationDeps } from './deps';

export const handler = httpHandler(
  { schemas: { body: MarkNotificationsReadBody }, auth: 'required' },
  async ({ body, caller }) => {
    await markNotificationsRead(notificationDeps, { userId: caller.userId, upTo: body.upTo });
    return noContent();
  },
);
