import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import { Ok } from '../../shared/api/common.ts';
import * as N from '../../shared/api/notifications.ts';
import * as notifications from './notifications.service.ts';

const tags = ['notifications'];

/** The notification centre (live through /api/v1/stream) and the email digest choice. */
export const notificationRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/notifications',
    summary: 'My latest notifications and how many are unread',
    tags,
    auth: 'member',
    response: N.NotificationList,
    handler: async ({ actor, ctx }) => notifications.listNotifications(ctx, actor!),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/notifications/read',
    summary: 'Mark notifications read (some, or all)',
    tags,
    auth: 'member',
    scope: 'read',
    body: N.MarkNotificationsBody,
    response: Ok,
    handler: async ({ actor, ctx, body }) => notifications.markNotificationsRead(ctx, actor!, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/me/notification-settings',
    summary: 'How often I get the email digest',
    tags,
    auth: 'member',
    response: N.NotificationSettings,
    handler: async ({ actor, ctx }) => notifications.getNotificationSettings(ctx, actor!),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/me/notification-settings',
    summary: 'Choose the email digest: off, hourly or daily (mentions and direct messages are always emailed at once)',
    tags,
    auth: 'member',
    body: N.NotificationSettings,
    response: N.NotificationSettings,
    handler: async ({ actor, ctx, body }) => notifications.setNotificationSettings(ctx, actor!, body),
  }),
];
