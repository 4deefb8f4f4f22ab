/** Request schemas of the like, repost and notification routes (docs/api.md, "Likes and reposts"). */
import { isNotificationId, NOTIFICATION_TYPES } from '#shared/domain/notifications/notifications';
import { domainIssue, PageQuery } from './common';
import * as z from './zod';

export { PageQuery, UsernamePath } from './common';
export { PostPath } from './posts';

/** `?types=like,repost`: a comma-separated subset of the notification types. */
export const NotificationsQuery = z.extend(PageQuery, {
  types: z.optional(
    z.pipe(
      z.pipe(
        z.string().check(z.maxLength(200)),
        z.transform((value: string) => value.split(',').map((type) => type.trim())),
      ),
      z.array(z.enum(NOTIFICATION_TYPES)).check(z.minLength(1)),
    ),
  ),
});
export type NotificationsQuery = z.infer<typeof NotificationsQuery>;

export const MarkNotificationsReadBody = z.strictObject({
  upTo: z.string().check(z.maxLength(100), (ctx) => {
    if (!isNotificationId(ctx.value)) {
      ctx.issues.push(
        domainIssue('invalid_notification_id', 'upTo must be the id of a notification', ctx.value),
      );
    }
  }),
});
export type MarkNotificationsReadBody = z.infer<typeof MarkNotificationsReadBody>;
