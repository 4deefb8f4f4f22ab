import { listNotifications } from '#shared/domain/notifications/notifications';
import { httpHandler } from '#shared/http/handler';
import { ok } from '#shared/http/responses';
import { NotificationsQuery } from '#shared/schemas/engagement';
import { notificationDeps } from './deps';

export const handler = httpHandler(
  { schemas: { query: NotificationsQuery }, auth: 'required' },
  async ({ query, caller }) =>
    ok(await listNotifications(notificationDeps, { userId: caller.userId, ...query })),
);
