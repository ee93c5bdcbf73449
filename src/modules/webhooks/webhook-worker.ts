/**
 * Webhook delivery in two steps, both safe with several nodes:
 *
 * 1. Fan-out: the events after the `webhooks` cursor (event_cursors) are read in batches, in a transaction that holds
 *    the cursor row (FOR UPDATE SKIP LOCKED: one node at a time; the others skip the round). Each event of a webhook
 *    type becomes a pending delivery for every enabled webhook subscribed to it whose ORGANISATION may read it: the
 *    policy decides for an actor that is the organisation itself (no person, so rules naming people — TLP:RED — never
 *    match), exactly as the live stream decides for a person.
 * 2. Delivery: due deliveries are claimed with a lease (FOR UPDATE SKIP LOCKED), then POSTed outside any transaction,
 *    signed with the webhook's secret. The body is built at delivery time from the event as it is now (retraction
 *    scrubs payloads), and a post retracted or hidden since is never sent. Failures back off; after 6 attempts the
 *    delivery fails, and 20 failed attempts in a row switch the webhook off. The host is resolved at send time and the
 *    POST goes only to a vetted public address (webhook-http.ts, webhook-address.ts); a host that is or resolves to a
 *    private address is a failed attempt ("address not allowed"), retried with the same back-off (DNS may be fixed).
 *
 * Delivery is at least once: a node that dies between the POST and recording it leaves a lease that expires, and the
 * delivery is sent again with the same X-ISAO-Delivery id.
 */
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { webhookEventTypeList } from '../../shared/api/notifications.ts';
import type { OrgKind, OrgStatus } from '../../shared/vocabulary.ts';
import { appendAudit } from '../audit/index.ts';
import { eventDataFor, readEvents, type StoredEvent } from '../events/index.ts';
import { type Actor, canRead } from '../policy/index.ts';
import { postSigned, signedHeaders } from './webhook-http.ts';

const CURSOR = 'webhooks';
/** Events read per fan-out transaction. */
const FANOUT_BATCH = 200;
/** Fan-out transactions per run at most (a long backlog is worked off over several runs). */
const FANOUT_ROUNDS = 50;
/** Deliveries claimed per delivery pass, and sent at once. */
const DELIVERY_BATCH = 50;
const DELIVERY_CONCURRENCY = 8;
export const WEBHOOK_LIMITS = {
  leaseMs: 60_000,
  timeoutMs: 10_000,
  maxResponseBytes: 64 * 1024,
  /** Wait after the 1st, 2nd… failed attempt; after the last one the delivery has failed. */
  backoffMs: [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000, 6 * 60 * 60_000],
  maxAttempts: 6,
  disableAfterFailures: 20,
};
export const DISABLED_REASON = `disabled after ${WEBHOOK_LIMITS.disableAfterFailures} consecutive failed deliveries`;
/** The nil UUID: the person of an organisation actor, which no rule naming people can match. */
const NO_PERSON = '00000000-0000-0000-0000-000000000000';

type WebhookEventType = (typeof webhookEventTypeList)[number];
const isWebhookType = (t: string): t is WebhookEventType => (webhookEventTypeList as readonly string[]).includes(t);

interface OrgColumns {
  org_id: string;
  org_name: string;
  org_kind: OrgKind;
  org_status: OrgStatus;
  group_ids: string[];
}
const orgColumns = `o.id AS org_id, o.name AS org_name, o.kind AS org_kind, o.status AS org_status,
  COALESCE((SELECT array_agg(m.group_id) FROM sharing_group_members m WHERE m.org_id = o.id), '{}') AS group_ids`;

/** The organisation as a reader: its kind, status and sharing groups, no person and plain member rights. */
export function organisationActor(o: OrgColumns): Actor {
  return {
    personId: NO_PERSON,
    email: '',
    name: o.org_name,
    orgId: o.org_id,
    orgName: o.org_name,
    orgKind: o.org_kind,
    orgStatus: o.org_status,
    orgRequireMfa: false,
    roles: ['member'],
    groupIds: o.group_ids,
    mfaEnabled: false,
    timeZone: 'UTC',
    via: 'token',
    sessionId: null,
    csrfToken: null,
    tokenId: null,
    scopes: ['read'],
  };
}

/** The organisation may receive the event now: not targeted at a person, and it may read every item the event is about. */
export function organisationMayReceive(org: Actor, event: StoredEvent, now: Date): boolean {
  if (!isWebhookType(event.type) || event.personId !== null || event.facts.length === 0) return false;
  return event.facts.every((f) => canRead(org, f, now));
}

/** The event's data for the organisation: the contributor of an anonymous item only for its own organisation (as the live stream). */
export function webhookData(org: Actor, event: StoredEvent): Record<string, unknown> {
  return eventDataFor(org, event).data;
}

/** Creates the fan-out cursor at the current end of the log, if there is none yet (so old history is not sent). */
export async function ensureWebhookCursor(db: Queryable): Promise<void> {
  await db.query(`INSERT INTO event_cursors (name, last_id) SELECT $1, COALESCE(max(id), 0) FROM events ON CONFLICT (name) DO NOTHING`, [
    CURSOR,
  ]);
}

interface TargetRow extends OrgColumns {
  id: string;
  event_types: string[];
}

/** Turns new events into pending deliveries; returns how many were queued. Another node holding the cursor: 0. */
export async function fanOutWebhookEvents(ctx: AppContext): Promise<number> {
  await ensureWebhookCursor(ctx.db);
  let queued = 0;
  for (let round = 0; round < FANOUT_ROUNDS; round++) {
    const result = await ctx.db.transaction(async (tx) => {
      const [cursor] = await tx.query<{ last_id: number | string }>(
        'SELECT last_id FROM event_cursors WHERE name = $1 FOR UPDATE SKIP LOCKED',
        [CURSOR],
      );
      if (!cursor) return null; // another node is fanning out
      const events = await readEvents(tx, Number(cursor.last_id), Number.MAX_SAFE_INTEGER, FANOUT_BATCH);
      if (events.length === 0) return { read: 0, queued: 0 };
      let n = 0;
      const relevant = events.filter((e) => isWebhookType(e.type) && e.personId === null);
      if (relevant.length > 0) {
        const targets = await tx.query<TargetRow>(
          `SELECT w.id, w.event_types, ${orgColumns} FROM webhooks w JOIN organisations o ON o.id = w.org_id
            WHERE w.enabled AND o.status = 'active'`,
        );
        const orgs = new Map<string, Actor>();
        for (const t of targets) if (!orgs.has(t.org_id)) orgs.set(t.org_id, organisationActor(t));
        const now = ctx.clock.now();
        for (const event of relevant) {
          const ids = targets
            .filter((t) => t.event_types.includes(event.type) && organisationMayReceive(orgs.get(t.org_id)!, event, now))
            .map((t) => t.id);
          if (ids.length === 0) continue;
          const rows = await tx.query(
            `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, status, next_attempt_at, created_at)
             SELECT w, $2, $3, 'pending', $4, $4 FROM unnest($1::uuid[]) AS w
             ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING id`,
            [ids, event.id, event.type, now],
          );
          n += rows.length;
        }
      }
      await tx.query('UPDATE event_cursors SET last_id = $2 WHERE name = $1', [CURSOR, events.at(-1)!.id]);
      return { read: events.length, queued: n };
    });
    if (!result) break;
    queued += result.queued;
    if (result.read < FANOUT_BATCH) break;
  }
  return queued;
}

interface ClaimedDelivery {
  id: string;
  webhook_id: string;
  event_id: number | string;
  event_type: string;
  attempts: number;
}

interface HookRow extends OrgColumns {
  id: string;
  url: string;
  secret: string;
  enabled: boolean;
}

export interface DeliveryPassResult {
  delivered: number;
  /** Attempts that failed (retried later, or given up). */
  failed: number;
  cancelled: number;
}

/** Claims due deliveries of enabled webhooks with a lease; a claim whose lease ran out is taken over. */
async function claimDue(ctx: AppContext, limit: number): Promise<ClaimedDelivery[]> {
  const now = ctx.clock.now();
  return ctx.db.transaction((tx) =>
    tx.query<ClaimedDelivery>(
      `UPDATE webhook_deliveries SET lease_until = $2
        WHERE id IN (SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                      WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until < $1) AND w.enabled
                      ORDER BY d.next_attempt_at, d.event_id LIMIT $3 FOR UPDATE OF d SKIP LOCKED)
        RETURNING id, webhook_id, event_id, event_type, attempts`,
      [now, new Date(now.getTime() + WEBHOOK_LIMITS.leaseMs), limit],
    ),
  );
}

/** Why the event's content must not go out any more (retracted or hidden by the moderators), or null. */
async function withdrawn(db: Queryable, event: StoredEvent): Promise<string | null> {
  if ((event.type === 'post.created' || event.type === 'post.edited') && event.postId) {
    const [p] = await db.query<{ retracted_at: Date | null; hidden_at: Date | null; thread_hidden_at: Date | null }>(
      'SELECT p.retracted_at, p.hidden_at, t.hidden_at AS thread_hidden_at FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = $1',
      [event.postId],
    );
    if (!p) return 'the post no longer exists';
    if (p.retracted_at) return 'the post was retracted';
    if (p.hidden_at || p.thread_hidden_at) return 'the post was hidden by the moderators';
  }
  if (event.type === 'thread.created' && event.threadId) {
    const [t] = await db.query<{ hidden_at: Date | null }>('SELECT hidden_at FROM threads WHERE id = $1', [event.threadId]);
    if (!t) return 'the thread no longer exists';
    if (t.hidden_at) return 'the thread was hidden by the moderators';
  }
  return null;
}

async function cancel(ctx: AppContext, id: string, reason: string): Promise<void> {
  await ctx.db.query(
    `UPDATE webhook_deliveries SET status = 'cancelled', last_error = $2, lease_until = NULL WHERE id = $1 AND status = 'pending'`,
    [id, reason],
  );
}

/** Records a failed attempt: back off or give up, count it on the webhook, and switch the webhook off at the limit. */
async function recordFailure(ctx: AppContext, d: ClaimedDelivery, outcome: { status: number | null; error: string | null }): Promise<void> {
  const now = ctx.clock.now();
  const attempts = d.attempts + 1;
  const final = attempts >= WEBHOOK_LIMITS.maxAttempts;
  const wait = WEBHOOK_LIMITS.backoffMs[Math.min(attempts, WEBHOOK_LIMITS.backoffMs.length) - 1]!;
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE webhook_deliveries SET attempts = $2, status = $3, next_attempt_at = $4, last_status_code = $5, last_error = $6, lease_until = NULL
        WHERE id = $1`,
      [d.id, attempts, final ? 'failed' : 'pending', final ? now : new Date(now.getTime() + wait), outcome.status, outcome.error],
    );
    const [hook] = await tx.query<{ consecutive_failures: number; enabled: boolean; org_id: string }>(
      'UPDATE webhooks SET consecutive_failures = consecutive_failures + 1 WHERE id = $1 RETURNING consecutive_failures, enabled, org_id',
      [d.webhook_id],
    );
    if (hook && hook.enabled && hook.consecutive_failures >= WEBHOOK_LIMITS.disableAfterFailures) {
      await tx.query('UPDATE webhooks SET enabled = false, disabled_reason = $2 WHERE id = $1', [d.webhook_id, DISABLED_REASON]);
      await appendAudit(tx, {
        actor: { label: 'system' },
        action: 'webhook.disabled',
        targetType: 'webhook',
        targetId: d.webhook_id,
        detail: { orgId: hook.org_id, reason: DISABLED_REASON, lastError: outcome.error },
        at: now,
      });
    }
  });
}

/** Sends one claimed delivery and records what happened. */
async function deliver(ctx: AppContext, d: ClaimedDelivery): Promise<keyof DeliveryPassResult | null> {
  const [hook] = await ctx.db.query<HookRow>(
    `SELECT w.id, w.url, w.secret, w.enabled, ${orgColumns} FROM webhooks w JOIN organisations o ON o.id = w.org_id WHERE w.id = $1`,
    [d.webhook_id],
  );
  if (!hook) return null; // removed meanwhile: its deliveries went with it
  if (!hook.enabled) {
    await ctx.db.query('UPDATE webhook_deliveries SET lease_until = NULL WHERE id = $1', [d.id]);
    return null;
  }
  const eventId = Number(d.event_id);
  const [event] = await readEvents(ctx.db, eventId - 1, eventId, 1);
  const org = organisationActor(hook);
  const now = ctx.clock.now();
  const reason = !event
    ? 'the event no longer exists'
    : hook.org_status !== 'active' || !organisationMayReceive(org, event, now)
      ? 'no longer visible to the organisation'
      : await withdrawn(ctx.db, event);
  if (reason !== null || !event) {
    await cancel(ctx, d.id, reason ?? 'the event no longer exists');
    return 'cancelled';
  }
  const body = JSON.stringify({ id: event.id, type: event.type, at: event.at.toISOString(), data: webhookData(org, event) });
  const outcome = await postSigned(hook.url, body, signedHeaders(hook.secret, d.id, event.type, body, now), {
    allowPrivate: ctx.config.webhookAllowPrivate,
    timeoutMs: WEBHOOK_LIMITS.timeoutMs,
    maxResponseBytes: WEBHOOK_LIMITS.maxResponseBytes,
  });
  if (outcome.error === null) {
    await ctx.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $2, last_status_code = $3, last_error = NULL,
           lease_until = NULL WHERE id = $1`,
        [d.id, ctx.clock.now(), outcome.status],
      );
      await tx.query('UPDATE webhooks SET consecutive_failures = 0 WHERE id = $1', [d.webhook_id]);
    });
    return 'delivered';
  }
  await recordFailure(ctx, d, outcome);
  return 'failed';
}

/**
 * One delivery pass: claims up to a batch of due deliveries and sends them, each webhook's in event order, a few
 * webhooks at a time. After a failed attempt the rest of that webhook's batch waits for the next pass (released, not
 * counted as attempts), so a dead receiver holds up one lane for one timeout at most.
 */
export async function deliverDueWebhooks(ctx: AppContext, limit = DELIVERY_BATCH): Promise<DeliveryPassResult> {
  const result: DeliveryPassResult = { delivered: 0, failed: 0, cancelled: 0 };
  const claimed = await claimDue(ctx, limit);
  const byWebhook = new Map<string, ClaimedDelivery[]>();
  for (const d of claimed) byWebhook.set(d.webhook_id, [...(byWebhook.get(d.webhook_id) ?? []), d]);
  const queues = [...byWebhook.values()].map((q) => q.sort((x, y) => Number(x.event_id) - Number(y.event_id)));
  let next = 0;
  const lane = async () => {
    while (next < queues.length) {
      const queue = queues[next++]!;
      for (let i = 0; i < queue.length; i++) {
        const d = queue[i]!;
        let outcome: keyof DeliveryPassResult | null = null;
        try {
          outcome = await deliver(ctx, d);
          if (outcome) result[outcome]++;
        } catch (err) {
          // Its lease runs out and a later pass retries it.
          ctx.log.error({ err, delivery: d.id }, 'webhook delivery failed');
        }
        if (outcome === 'failed' || outcome === null) {
          const rest = queue.slice(i + 1).map((x) => x.id);
          if (rest.length > 0) await ctx.db.query('UPDATE webhook_deliveries SET lease_until = NULL WHERE id = ANY($1::uuid[])', [rest]);
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DELIVERY_CONCURRENCY, queues.length) }, lane));
  return result;
}

/** Fan-out, then one delivery pass (the worker's round; tests call it directly). */
export async function runWebhooksOnce(ctx: AppContext): Promise<DeliveryPassResult & { queued: number }> {
  const queued = await fanOutWebhookEvents(ctx);
  return { queued, ...(await deliverDueWebhooks(ctx)) };
}

/**
 * Runs a round every `intervalMs`, and soon after an event of a webhook type (debounced). Never two rounds at once on a
 * node; stop() waits for the round in progress (at most a few seconds: requests time out after 10 s).
 */
export function startWebhookWorker(ctx: AppContext, options: { intervalMs?: number } = {}): { wake(): void; stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 2000;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let debounce: NodeJS.Timeout | null = null;
  const tick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = runWebhooksOnce(ctx)
      .then(() => undefined)
      .catch((err: unknown) => ctx.log.error({ err }, 'webhook worker'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          tick();
        }
      });
  };
  const wake = (): void => {
    if (stopped || debounce) return;
    debounce = setTimeout(() => {
      debounce = null;
      tick();
    }, 100);
    debounce.unref();
  };
  const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : null;
  timer?.unref();
  const unsubscribe = ctx.events.subscribe((event) => {
    if (isWebhookType(event.type)) wake();
  });
  return {
    wake,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (debounce) clearTimeout(debounce);
      unsubscribe();
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    },
  };
}
