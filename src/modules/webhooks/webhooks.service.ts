/**
 * Managing an organisation's webhooks: its members see them and their delivery log; only its org admins add, change
 * and remove them. A webhook of another organisation does not exist for the caller (404). The signing secret is
 * generated here, shown once, and stored as is (the worker needs it to sign).
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import type { CreateWebhookBody, UpdateWebhookBody, webhookEventTypeList } from '../../shared/api/notifications.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, isOrgAdminOf } from '../policy/index.ts';
import { refusedHost } from './webhook-address.ts';
import { ensureWebhookCursor } from './webhook-worker.ts';

/** At most this many webhooks per organisation. */
export const MAX_WEBHOOKS_PER_ORG = 10;

type WebhookEventType = (typeof webhookEventTypeList)[number];

export interface WebhookRow {
  id: string;
  org_id: string;
  url: string;
  secret: string;
  event_types: WebhookEventType[];
  enabled: boolean;
  consecutive_failures: number;
  disabled_reason: string | null;
  created_by: string;
  created_at: Date;
}

interface DeliveryRow {
  id: string;
  event_id: number;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  next_attempt_at: Date;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** A webhook as its organisation sees it: never the secret. */
export const presentWebhook = (r: WebhookRow) => ({
  id: r.id,
  url: r.url,
  eventTypes: r.event_types,
  enabled: r.enabled,
  consecutiveFailures: r.consecutive_failures,
  disabledReason: r.disabled_reason,
  createdAt: iso(r.created_at),
});

const presentDelivery = (r: DeliveryRow) => ({
  id: r.id,
  eventId: Number(r.event_id),
  eventType: r.event_type,
  status: r.status,
  attempts: r.attempts,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  createdAt: iso(r.created_at),
  deliveredAt: r.delivered_at ? iso(r.delivered_at) : null,
  nextAttemptAt: iso(r.next_attempt_at),
});

function assertAdmin(actor: Actor): void {
  if (!isOrgAdminOf(actor, actor.orgId)) throw new AppError('forbidden', "Only your organisation's admins manage its webhooks.");
}

/** The webhook when it belongs to the actor's organisation; any other id is "not found". */
async function loadOwn(db: Queryable, actor: Actor, id: string, lock = false): Promise<WebhookRow> {
  const [row] = await db.query<WebhookRow>(`SELECT * FROM webhooks WHERE id = $1 AND org_id = $2${lock ? ' FOR UPDATE' : ''}`, [
    id,
    actor.orgId,
  ]);
  if (!row) throw new AppError('not_found');
  return row;
}

/**
 * A URL the platform will call: http or https, no user name or password in it (they would be sent, and shown, in
 * clear), and — unless ISAO_WEBHOOK_ALLOW_PRIVATE — not a private, loopback, link-local or reserved address nor
 * localhost (delivery checks the addresses the name resolves to again, every time).
 */
function checkUrl(url: string, allowPrivate: boolean): void {
  const refuse = (message: string, issue: string) => {
    throw new AppError('validation_failed', `body.url: ${message}`, { issues: [{ path: 'body.url', message: issue }] });
  };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse('must be a valid URL', 'must be a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') refuse('must start with http:// or https://', 'must be http or https');
  if (parsed.username !== '' || parsed.password !== '')
    refuse('must not contain a user name or password; authenticate with the signature', 'must not contain credentials');
  const host = allowPrivate ? null : refusedHost(parsed);
  if (host !== null) refuse(`${host}; webhooks must point to a public address`, 'must be a public address');
}

/** Webhook URLs can be credentials themselves (chat hooks): only the organisation's admins see them and their log. */
export async function listWebhooks(ctx: AppContext, actor: Actor) {
  assertAdmin(actor);
  const rows = await ctx.db.query<WebhookRow>('SELECT * FROM webhooks WHERE org_id = $1 ORDER BY created_at, id', [actor.orgId]);
  return { items: rows.map(presentWebhook) };
}

/** Adds a webhook for the actor's organisation; the answer carries the signing secret, the only time it is shown. */
export async function createWebhook(ctx: AppContext, actor: Actor, body: z.infer<typeof CreateWebhookBody>, ip: string | null) {
  assertAdmin(actor);
  checkUrl(body.url, ctx.config.webhookAllowPrivate);
  const now = ctx.clock.now();
  const secret = randomBytes(32).toString('base64url');
  const eventTypes = [...new Set(body.eventTypes)];
  const row = await ctx.db.transaction(async (tx) => {
    // One creation at a time per organisation, so the limit holds.
    await tx.query('SELECT 1 FROM organisations WHERE id = $1 FOR NO KEY UPDATE', [actor.orgId]);
    const [count] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM webhooks WHERE org_id = $1', [actor.orgId]);
    if ((count?.n ?? 0) >= MAX_WEBHOOKS_PER_ORG)
      throw new AppError('conflict', `An organisation has at most ${MAX_WEBHOOKS_PER_ORG} webhooks: remove one first.`);
    // From now on events are fanned out (the first webhook of the platform must not receive the whole history).
    await ensureWebhookCursor(tx);
    const [created] = (await tx.query<WebhookRow>(
      `INSERT INTO webhooks (org_id, url, secret, event_types, enabled, created_by, created_at)
       VALUES ($1, $2, $3, $4, true, $5, $6) RETURNING *`,
      [actor.orgId, body.url, secret, eventTypes, actor.personId, now],
    )) as [WebhookRow];
    await appendAudit(tx, {
      actor,
      action: 'webhook.created',
      targetType: 'webhook',
      targetId: created.id,
      ip,
      detail: { url: body.url, eventTypes },
      at: now,
    });
    return created;
  });
  return { webhook: presentWebhook(row), secret };
}

/** Changes the events or switches the webhook on or off; switching it on again clears the failure count. */
export async function updateWebhook(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof UpdateWebhookBody>, ip: string | null) {
  assertAdmin(actor);
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const old = await loadOwn(tx, actor, id, true);
    if (body.enabled === undefined && body.eventTypes === undefined) return old;
    const eventTypes = body.eventTypes ? [...new Set(body.eventTypes)] : old.event_types;
    const enabled = body.enabled ?? old.enabled;
    const reenabled = enabled && !old.enabled;
    const [updated] = (await tx.query<WebhookRow>(
      `UPDATE webhooks SET event_types = $2, enabled = $3,
         consecutive_failures = CASE WHEN $4::boolean THEN 0 ELSE consecutive_failures END,
         disabled_reason = CASE WHEN $4::boolean THEN NULL ELSE disabled_reason END
       WHERE id = $1 RETURNING *`,
      [id, eventTypes, enabled, reenabled],
    )) as [WebhookRow];
    await appendAudit(tx, { actor, action: 'webhook.updated', targetType: 'webhook', targetId: id, ip, detail: { ...body }, at: now });
    return updated;
  });
  return presentWebhook(row);
}

/** Removes a webhook and its delivery log. */
export async function deleteWebhook(ctx: AppContext, actor: Actor, id: string, ip: string | null) {
  assertAdmin(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const old = await loadOwn(tx, actor, id, true);
    await tx.query('DELETE FROM webhooks WHERE id = $1', [id]);
    await appendAudit(tx, { actor, action: 'webhook.deleted', targetType: 'webhook', targetId: id, ip, detail: { url: old.url }, at: now });
  });
  return { ok: true as const };
}

/** The newest 200 deliveries of one of my organisation's webhooks. */
export async function listDeliveries(ctx: AppContext, actor: Actor, id: string) {
  assertAdmin(actor);
  await loadOwn(ctx.db, actor, id);
  const rows = await ctx.db.query<DeliveryRow>(
    `SELECT id, event_id, event_type, status, attempts, last_status_code, last_error, created_at, delivered_at, next_attempt_at
       FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, event_id DESC LIMIT 200`,
    [id],
  );
  return { items: rows.map(presentDelivery) };
}
