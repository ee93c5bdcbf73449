/** Notifications: the in-app centre, immediate emails for mentions and direct messages, digests. */
export { notificationRoutes } from './notifications.routes.ts';
export { sendDigests, sendImmediateMails, startForumMail } from './forum-mail.ts';
