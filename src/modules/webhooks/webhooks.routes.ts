import { type AnyRoute, defineRoute } from '../../server/http/route.ts';
import { IdParams, Ok } from '../../shared/api/common.ts';
import * as N from '../../shared/api/notifications.ts';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, updateWebhook } from './webhooks.service.ts';

const tags = ['webhooks'];

/** An organisation's webhooks: its members see them; its org admins add, change and remove them. */
export const webhookRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/webhooks',
    summary: "My organisation's webhooks (never their secrets)",
    tags,
    auth: 'member',
    response: N.WebhookList,
    handler: async ({ actor, ctx }) => listWebhooks(ctx, actor!),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/webhooks',
    summary:
      'Add a webhook (org admins, at most 10): signed POSTs of the chosen events your organisation may read. The signing secret is shown once.',
    tags,
    auth: 'member',
    body: N.CreateWebhookBody,
    response: N.CreatedWebhook,
    status: 201,
    handler: async ({ actor, ctx, body, ip }) => createWebhook(ctx, actor!, body, ip),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/webhooks/:id',
    summary: 'Change the events of a webhook or switch it on or off (org admins); switching on clears the failure count',
    tags,
    auth: 'member',
    params: IdParams,
    body: N.UpdateWebhookBody,
    response: N.Webhook,
    handler: async ({ actor, ctx, params, body, ip }) => updateWebhook(ctx, actor!, params.id, body, ip),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/webhooks/:id',
    summary: 'Remove a webhook and its delivery log (org admins)',
    tags,
    auth: 'member',
    params: IdParams,
    response: Ok,
    handler: async ({ actor, ctx, params, ip }) => deleteWebhook(ctx, actor!, params.id, ip),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/webhooks/:id/deliveries',
    summary: "A webhook's newest 200 deliveries: status, attempts, the receiver's last answer",
    tags,
    auth: 'member',
    params: IdParams,
    response: N.WebhookDeliveryList,
    handler: async ({ actor, ctx, params }) => listDeliveries(ctx, actor!, params.id),
  }),
];
