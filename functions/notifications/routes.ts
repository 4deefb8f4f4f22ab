import type { HttpRoute } from '#shared/catalog';

/** The caller's notifications (docs/api.md, "Notifications"); written by the table-only stream reactions. */
export const notificationRoutes: readonly HttpRoute[] = [
  {
    name: 'ListNotifications',
    method: 'GET',
    path: '/v1/notifications',
    entry: 'functions/notifications/list-notifications.ts',
    auth: 'required',
    uses: ['table:read'],
  },
  {
    name: 'MarkNotificationsRead',
    method: 'POST',
    path: '/v1/notifications/read',
    entry: 'functions/notifications/mark-notifications-read.ts',
    auth: 'required',
    uses: ['table:read', 'table:write'],
  },
];
