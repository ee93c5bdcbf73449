/** Managing scheduled feeds: ISAO staff see them and fetch one now; platform admins add, change and remove them. */
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { CreateFeedBody, UpdateFeedBody } from '../../shared/api/feeds.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, isOperatorStaff, isPlatformAdmin } from '../policy/index.ts';
import { type FeedRow, claimFeed, runClaimedFeed } from './feed-runner.ts';

const present = (r: FeedRow) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  url: r.url,
  intervalMinutes: r.interval_minutes,
  enabled: r.enabled,
  nextRunAt: new Date(r.next_run_at).toISOString(),
  running: r.running_since !== null,
  lastRunAt: r.last_run_at ? new Date(r.last_run_at).toISOString() : null,
  lastStatus: r.last_status,
  lastMessage: r.last_message,
  lastBytes: r.last_bytes === null ? null : Number(r.last_bytes),
  consecutiveFailures: r.consecutive_failures,
  createdAt: new Date(r.created_at).toISOString(),
});

function assertStaff(actor: Actor) {
  if (!isOperatorStaff(actor)) throw new AppError('forbidden', 'Only ISAO coordinators and platform admins see the feeds.');
}
function assertAdmin(actor: Actor) {
  if (!isPlatformAdmin(actor)) throw new AppError('forbidden', 'Only platform admins set up feeds.');
}

async function load(ctx: AppContext, id: string): Promise<FeedRow> {
  const [row] = await ctx.db.query<FeedRow>('SELECT * FROM feed_sources WHERE id = $1', [id]);
  if (!row) throw new AppError('not_found');
  return row;
}

export async function listFeeds(ctx: AppContext, actor: Actor) {
  assertStaff(actor);
  const rows = await ctx.db.query<FeedRow>('SELECT * FROM feed_sources ORDER BY kind, name, id');
  return { items: rows.map(present) };
}

/** Adds a feed, due at once. */
export async function createFeed(ctx: AppContext, actor: Actor, body: z.infer<typeof CreateFeedBody>, ip: string | null) {
  assertAdmin(actor);
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    const taken = await tx.query('SELECT 1 FROM feed_sources WHERE kind = $1 AND url = $2', [body.kind, body.url]);
    if (taken.length > 0) throw new AppError('already_exists', 'A feed of this kind with this URL exists already.');
    const [row] = (await tx.query<{ id: string }>(
      `INSERT INTO feed_sources (name, kind, url, interval_minutes, enabled, next_run_at, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $6) RETURNING id`,
      [body.name, body.kind, body.url, body.intervalMinutes, body.enabled, now, actor.personId],
    )) as [{ id: string }];
    await appendAudit(tx, {
      actor,
      action: 'feed.created',
      targetType: 'feed',
      targetId: row.id,
      ip,
      detail: { kind: body.kind, url: body.url, intervalMinutes: body.intervalMinutes },
      at: now,
    });
    return row.id;
  });
  return present(await load(ctx, id));
}

export async function updateFeed(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof UpdateFeedBody>, ip: string | null) {
  assertAdmin(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<FeedRow>('SELECT * FROM feed_sources WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw new AppError('not_found');
    if (body.url && body.url !== row.url) {
      const taken = await tx.query('SELECT 1 FROM feed_sources WHERE kind = $1 AND url = $2 AND id <> $3', [row.kind, body.url, id]);
      if (taken.length > 0) throw new AppError('already_exists', 'A feed of this kind with this URL exists already.');
    }
    // A new URL starts afresh: no validators from the old one, due at once.
    const newUrl = body.url !== undefined && body.url !== row.url;
    await tx.query(
      `UPDATE feed_sources SET name = COALESCE($2, name), url = COALESCE($3, url), interval_minutes = COALESCE($4, interval_minutes),
         enabled = COALESCE($5, enabled),
         etag = CASE WHEN $6::boolean THEN NULL ELSE etag END, last_modified = CASE WHEN $6::boolean THEN NULL ELSE last_modified END,
         next_run_at = CASE WHEN $6::boolean THEN $7 ELSE next_run_at END
       WHERE id = $1`,
      [id, body.name ?? null, body.url ?? null, body.intervalMinutes ?? null, body.enabled ?? null, newUrl, now],
    );
    await appendAudit(tx, { actor, action: 'feed.updated', targetType: 'feed', targetId: id, ip, detail: { ...body }, at: now });
  });
  return present(await load(ctx, id));
}

export async function deleteFeed(ctx: AppContext, actor: Actor, id: string, ip: string | null) {
  assertAdmin(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ url: string }>('DELETE FROM feed_sources WHERE id = $1 RETURNING url', [id]);
    if (rows.length === 0) throw new AppError('not_found');
    await appendAudit(tx, { actor, action: 'feed.deleted', targetType: 'feed', targetId: id, ip, detail: { url: rows[0]!.url }, at: now });
  });
  return { ok: true as const };
}

/**
 * Fetches a feed now, in the background (a big archive takes minutes): answers at once with the feed marked running.
 * A feed already being fetched answers 409.
 */
export async function runFeedNow(ctx: AppContext, actor: Actor, id: string, ip: string | null) {
  assertStaff(actor);
  await load(ctx, id);
  const now = ctx.clock.now();
  const claimed = await ctx.db.transaction(async (tx) => {
    const feed = await claimFeed(tx, now, id);
    if (feed) await appendAudit(tx, { actor, action: 'feed.run_requested', targetType: 'feed', targetId: id, ip, detail: {}, at: now });
    return feed;
  });
  if (!claimed) throw new AppError('conflict', 'This feed is being fetched right now.');
  void runClaimedFeed(ctx, claimed).catch((err: unknown) => ctx.log.error({ err, feed: id }, 'feed run failed'));
  return present(await load(ctx, id));
}
