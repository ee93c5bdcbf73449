import { z } from 'zod';
import { Timestamp, Uuid } from './common.ts';

/** The in-app notification centre, email digest choice, and organisation webhooks. */
export const notificationKinds = ['mention', 'reply', 'retraction', 'correction', 'direct_message'] as const;
export const digestChoices = ['off', 'hourly', 'daily'] as const;

export const Notification = z.strictObject({
  id: Uuid,
  kind: z.enum(notificationKinds),
  threadId: Uuid.nullable(),
  postId: Uuid.nullable(),
  threadTitle: z.string().nullable(),
  /** Who caused it, as the reader may see them ("a member hospital" when anonymous). */
  actorLabel: z.string(),
  createdAt: Timestamp,
  read: z.boolean(),
});
export const NotificationList = z.strictObject({ items: z.array(Notification), unread: z.number().int() });
export const MarkNotificationsBody = z.strictObject({ ids: z.array(Uuid).max(500).optional(), all: z.literal(true).optional() });
export const NotificationSettings = z.strictObject({ digest: z.enum(digestChoices) });

export const webhookEventTypeList = ['thread.created', 'post.created', 'post.edited', 'post.retracted'] as const;
export const Webhook = z.strictObject({
  id: Uuid,
  url: z.string(),
  eventTypes: z.array(z.enum(webhookEventTypeList)),
  enabled: z.boolean(),
  consecutiveFailures: z.number().int(),
  disabledReason: z.string().nullable(),
  createdAt: Timestamp,
});
export const WebhookList = z.strictObject({ items: z.array(Webhook) });
export const CreateWebhookBody = z.strictObject({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .meta({ format: 'uri' }),
  eventTypes: z.array(z.enum(webhookEventTypeList)).min(1).max(4),
});
/** The signing secret is shown once, at creation. */
export const CreatedWebhook = z.strictObject({ webhook: Webhook, secret: z.string() });
export const UpdateWebhookBody = z.strictObject({
  enabled: z.boolean().optional(),
  eventTypes: z.array(z.enum(webhookEventTypeList)).min(1).max(4).optional(),
});
export const WebhookDelivery = z.strictObject({
  id: Uuid,
  eventId: z.number().int(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  deliveredAt: Timestamp.nullable(),
  nextAttemptAt: Timestamp,
});
export const WebhookDeliveryList = z.strictObject({ items: z.array(WebhookDelivery) });
