/** Request schemas of the like, repost and notification routes (docs/api.md, "Likes and reposts"). */
import { z } from 'zod';
import { isNotificationId, NOTIFICATION_TYPES } from '#shared/domain/notifications/notifications';
import { domainIssue, PageQuery } from './common';

export { PageQuery, UsernamePath } from './common';
export { PostPath } from './posts';

/** `?types=like,repost`: a comma-separated subset of the notification types. */
export const NotificationsQuery = PageQuery.extend({
  types: z
    .string()
    .max(200)
    .transform((value) => value.split(',').map((type) => type.trim()))
    .pipe(z.array(z.enum(NOTIFICATION_TYPES)).min(1))
    .optional(),
});
export type NotificationsQuery = z.infer<typeof NotificationsQuery>;

export const MarkNotificationsReadBody = z.strictObject({
  upTo: z
    .string()
    .max(100)
    .check((ctx) => {
      if (!isNotificationId(ctx.value)) {
        ctx.issues.push(
          domainIssue('invalid_notification_id', 'upTo must be the id of a notification', ctx.value),
        );
      }
    }),
});
export type MarkNotificationsReadBody = z.infer<typeof MarkNotificationsReadBody>;
