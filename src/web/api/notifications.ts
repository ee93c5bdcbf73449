// The notification centre (mentions, replies, retractions, corrections), the email digest choice, and the
// organisation's webhooks (org admins). The live stream adds new notifications to the cached list as they happen.
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as N from '../../shared/api/notifications.ts';
import { api, seg } from './client.ts';
import type { Ok } from './types.ts';

/** One notification. */
export type Notification = z.infer<typeof N.Notification>;
/** mention | reply | retraction | correction. */
export type NotificationKind = Notification['kind'];
/** Answer of GET /notifications. */
export type NotificationList = z.infer<typeof N.NotificationList>;
/** Body of POST /notifications/read. */
export type MarkNotificationsBody = z.input<typeof N.MarkNotificationsBody>;
/** GET/PUT /me/notification-settings. */
export type NotificationSettings = z.infer<typeof N.NotificationSettings>;
/** off | hourly | daily. */
export type DigestChoice = NotificationSettings['digest'];
/** One webhook of my organisation (never its secret). */
export type Webhook = z.infer<typeof N.Webhook>;
/** An event a webhook can be sent. */
export type WebhookEventType = Webhook['eventTypes'][number];
/** Body of POST /webhooks. */
export type CreateWebhookBody = z.input<typeof N.CreateWebhookBody>;
/** Answer of POST /webhooks: the signing secret, shown once. */
export type CreatedWebhook = z.infer<typeof N.CreatedWebhook>;
/** Body of PATCH /webhooks/{id}. */
export type UpdateWebhookBody = z.input<typeof N.UpdateWebhookBody>;
/** One delivery attempt series of a webhook. */
export type WebhookDelivery = z.infer<typeof N.WebhookDelivery>;

/** GET /notifications. */
export const notificationsKey = ['notifications'] as const;
const settingsKey = ['notification-settings'] as const;
const webhooksKey = ['webhooks'] as const;

/** Adds a notification that arrived live to the cached list (once), counting it unread. */
export function storeNotification(queryClient: QueryClient, notification: Notification): void {
  queryClient.setQueryData<NotificationList>(notificationsKey, (list) => {
    if (!list || list.items.some((n) => n.id === notification.id)) return list;
    return { items: [notification, ...list.items], unread: list.unread + (notification.read ? 0 : 1) };
  });
}

/** GET /notifications: newest first, with the unread count (the bell). */
export function useNotifications(enabled = true) {
  return useQuery({
    queryKey: notificationsKey,
    queryFn: () => api.get<NotificationList>('/notifications'),
    enabled,
    // The stream keeps it current; this only repairs a missed event.
    refetchInterval: 5 * 60_000,
  });
}

/** POST /notifications/read: some ({ids}) or all ({all:true}). */
export function useMarkNotifications() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MarkNotificationsBody) => api.post<Ok>('/notifications/read', body),
    onSuccess: (_ok, body) => {
      queryClient.setQueryData<NotificationList>(notificationsKey, (list) => {
        if (!list) return list;
        const items = list.items.map((n) => (body.all || body.ids?.includes(n.id) ? { ...n, read: true } : n));
        return { items, unread: items.filter((n) => !n.read).length };
      });
      void queryClient.invalidateQueries({ queryKey: notificationsKey });
    },
  });
}

/** GET /me/notification-settings. */
export function useNotificationSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => api.get<NotificationSettings>('/me/notification-settings') });
}

/** PUT /me/notification-settings. */
export function useSaveNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationSettings) => api.put<NotificationSettings>('/me/notification-settings', body),
    onSuccess: (settings) => queryClient.setQueryData(settingsKey, settings),
  });
}

/** GET /webhooks: my organisation's webhooks (org admins). */
export function useWebhooks() {
  return useQuery({ queryKey: [...webhooksKey, 'list'], queryFn: () => api.get<{ items: Webhook[] }>('/webhooks') });
}

/** POST /webhooks: answers with the secret, once. */
export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookBody) => api.post<CreatedWebhook>('/webhooks', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

/** PATCH /webhooks/{id}: enable, disable, change the events. */
export function useUpdateWebhook(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateWebhookBody) => api.patch<Webhook>(`/webhooks/${seg(id)}`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

/** DELETE /webhooks/{id}. */
export function useDeleteWebhook(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<Ok>(`/webhooks/${seg(id)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

/** GET /webhooks/{id}/deliveries: the delivery log, once asked for. */
export function useWebhookDeliveries(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...webhooksKey, 'deliveries', id],
    queryFn: () => api.get<{ items: WebhookDelivery[] }>(`/webhooks/${seg(id)}/deliveries`),
    enabled,
  });
}
