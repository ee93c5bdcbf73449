/** Organisation webhooks: signed POSTs of the forum events an organisation may read, fanned out and retried by a worker. */
export { webhookRoutes } from './webhooks.routes.ts';
export {
  DISABLED_REASON,
  WEBHOOK_LIMITS,
  type DeliveryPassResult,
  deliverDueWebhooks,
  fanOutWebhookEvents,
  organisationActor,
  organisationMayReceive,
  runWebhooksOnce,
  startWebhookWorker,
  webhookData,
} from './webhook-worker.ts';
export { signedHeaders } from './webhook-http.ts';
export { MAX_WEBHOOKS_PER_ORG } from './webhooks.service.ts';
export { ADDRESS_NOT_ALLOWED, type ResolvedAddress, isPublicAddress, webhookDns } from './webhook-address.ts';
