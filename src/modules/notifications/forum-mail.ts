/**
 * Forum email: immediate mails for mentions and direct messages (and for retractions and corrections of posts someone
 * received by email), and hourly or daily digests of the rest. Each is decided at send time from the current state: a post retracted
 * before a digest goes out is not in it, and someone who lost access is not told. TLP:RED and TLP:AMBER+STRICT content
 * never goes into an email: only a link. Claims use SKIP LOCKED, so several nodes never send the same mail twice.
 */
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import type { Tlp } from '../../shared/vocabulary.ts';
import { visibleChannelsSql } from '../forum/forum-access.ts';
import { loadActor } from '../members/actor-loader.ts';
import { type Actor, SqlParams, canRead, sharedColumns, sharedItemFromRow, type SharedRow, visibleFilter } from '../policy/index.ts';

/** Labels whose content stays out of email bodies and subjects. */
const linkOnly = (tlp: Tlp) => tlp === 'RED' || tlp === 'AMBER+STRICT';
const EXCERPT = 600;
const DIGEST_ITEMS = 50;
const periodMs = { hourly: 3_600_000, daily: 86_400_000 } as const;

function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

interface PendingMail {
  id: string;
  person_id: string;
  kind: 'mention' | 'direct_message' | 'retraction' | 'correction';
  post_id: string;
  thread_id: string;
  actor_label: string;
}

/** Sends the immediate mails that are due; returns how many were sent. */
export async function sendImmediateMails(ctx: AppContext, batch = 50): Promise<number> {
  const now = ctx.clock.now();
  // Claimed by marking them first (one node wins each row); a failed send puts the row back.
  const claimed = await ctx.db.query<PendingMail>(
    `UPDATE notifications SET emailed_at = $1 WHERE id IN (
       SELECT n.id FROM notifications n
        WHERE n.emailed_at IS NULL AND n.post_id IS NOT NULL
          AND (n.kind IN ('mention', 'direct_message') OR (n.kind IN ('retraction', 'correction') AND EXISTS (SELECT 1 FROM post_emails e WHERE e.post_id = n.post_id AND e.person_id = n.person_id)))
        ORDER BY n.created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING id, person_id, kind, post_id, thread_id, actor_label`,
    [now, batch],
  );
  let sent = 0;
  for (const n of claimed) {
    try {
      if (await sendOne(ctx, n, now)) sent++;
    } catch (err) {
      ctx.log.warn({ err, notification: n.id }, 'notification email failed; will retry');
      await ctx.db.query('UPDATE notifications SET emailed_at = NULL WHERE id = $1', [n.id]);
    }
  }
  return sent;
}

interface ItemRow extends SharedRow {
  id: string;
  body: string;
  retracted_at: Date | null;
  hidden_at: Date | null;
}

async function loadItems(db: Queryable, postId: string) {
  const post = (await db.query<ItemRow>('SELECT * FROM posts WHERE id = $1', [postId]))[0];
  if (!post) return null;
  const thread = (
    await db.query<ItemRow & { title: string; hidden_at: Date | null }>('SELECT * FROM threads WHERE id = $1', [
      (post as unknown as { thread_id: string }).thread_id,
    ])
  )[0];
  return thread ? { post, thread } : null;
}

async function sendOne(ctx: AppContext, n: PendingMail, now: Date): Promise<boolean> {
  const person = await loadActor(ctx.db, n.person_id);
  const items = await loadItems(ctx.db, n.post_id);
  if (!person || !items) return false;
  const { post, thread } = items;
  if (!canRead(person, sharedItemFromRow(thread), now) || !canRead(person, sharedItemFromRow(post), now)) return false;
  const link = `${ctx.config.publicUrl}/forum/threads/${thread.id}#post-${post.id}`;
  const strict = linkOnly(post.tlp) || linkOnly(thread.tlp);
  const label = `TLP:${post.tlp}`;
  if (n.kind === 'direct_message') {
    if (post.retracted_at || post.hidden_at) return false;
    // A conversation is TLP:RED: like a RED mention, not even who wrote or the title, only a link.
    await ctx.mailer.send({
      to: person.email,
      subject: `[${label}] You have a new direct message in OpenISAO`,
      text: `You have a new direct message (${label}: ${tlpRule(post.tlp)}). Its content is not sent by email; read it here (sign-in required):\n${ctx.config.publicUrl}/messages/${thread.id}#post-${post.id}\n`,
    });
    return true;
  }
  if (n.kind === 'mention') {
    if (post.retracted_at || post.hidden_at) return false;
    const subject = strict
      ? `[${label}] You were mentioned in the OpenISAO forum`
      : `[${label}] ${n.actor_label} mentioned you in "${excerpt(thread.title, 120)}"`;
    const text = strict
      ? `You were mentioned in a ${label} post. Its content is not sent by email; read it here (sign-in required):\n${link}\n`
      : `${n.actor_label} mentioned you in "${thread.title}" (${label}: ${tlpRule(post.tlp)}):\n\n${excerpt(post.body, EXCERPT)}\n\nRead and reply: ${link}\n`;
    await ctx.mailer.send({ to: person.email, subject, text });
    if (!strict) await recordEmailed(ctx.db, post.id, person.personId, now);
    return true;
  }
  const what = n.kind === 'retraction' ? 'retracted' : 'corrected';
  const subject = `[${label}] A post you received by email was ${what}`;
  const text =
    n.kind === 'retraction'
      ? `${n.actor_label} retracted a post you received by email. Please delete any copy of it and do not act on it.\nAcknowledge the retraction here: ${link}\n`
      : `${n.actor_label} corrected a post you received by email. Read the corrected text here: ${link}\n`;
  await ctx.mailer.send({ to: person.email, subject, text });
  return true;
}

function tlpRule(tlp: Tlp): string {
  switch (tlp) {
    case 'CLEAR':
      return 'may be shared freely';
    case 'GREEN':
      return 'share within the community, not publicly';
    case 'AMBER':
      return 'share only within your organisation and its clients, on a need-to-know basis';
    case 'AMBER+STRICT':
      return 'share only within your organisation';
    case 'RED':
      return 'for you only';
  }
}

async function recordEmailed(db: Queryable, postId: string, personId: string, now: Date) {
  await db.query('INSERT INTO post_emails (post_id, person_id, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    postId,
    personId,
    now,
  ]);
}

/** Sends the digests that are due (one person at a time, claimed); returns how many were sent. */
export async function sendDigests(ctx: AppContext, max = 100): Promise<number> {
  let sent = 0;
  for (let i = 0; i < max; i++) {
    const now = ctx.clock.now();
    const claimed = await ctx.db.query<{ id: string; digest: 'hourly' | 'daily'; since: Date }>(
      `WITH due AS (
         SELECT id, digest, COALESCE(digest_sent_at, created_at) AS since FROM people
          WHERE status = 'active' AND digest <> 'off'
            AND COALESCE(digest_sent_at, created_at) <= $1::timestamptz - CASE digest WHEN 'hourly' THEN interval '1 hour' ELSE interval '1 day' END
          ORDER BY COALESCE(digest_sent_at, created_at) LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE people p SET digest_sent_at = $1 FROM due WHERE p.id = due.id RETURNING p.id, due.digest, due.since`,
      [now],
    );
    const person = claimed[0];
    if (!person) break;
    const actor = await loadActor(ctx.db, person.id);
    if (!actor) continue;
    // Never further back than one period (a person who just switched digests on is not flooded).
    const since = new Date(Math.max(new Date(person.since).getTime(), now.getTime() - periodMs[person.digest]));
    if (await sendDigest(ctx, actor, person.digest, since, now)) sent++;
  }
  return sent;
}

async function sendDigest(ctx: AppContext, actor: Actor, period: 'hourly' | 'daily', since: Date, now: Date): Promise<boolean> {
  const params = new SqlParams([since, now, actor.personId]);
  const rows = await ctx.db.query<{
    id: string;
    thread_id: string;
    title: string;
    tlp: Tlp;
    thread_tlp: Tlp;
    body: string;
    channel: string;
  }>(
    `SELECT p.id, p.thread_id, t.title, p.tlp, t.tlp AS thread_tlp, p.body, c.name AS channel
       FROM posts p JOIN threads t ON t.id = p.thread_id JOIN channels c ON c.id = t.channel_id
      WHERE p.created_at > $1 AND p.created_at <= $2 AND p.author_id <> $3::uuid
        AND p.retracted_at IS NULL AND p.hidden_at IS NULL AND t.hidden_at IS NULL AND c.kind <> 'direct'
        AND ${visibleFilter(actor, now, params, sharedColumns('t'))} AND ${visibleFilter(actor, now, params, sharedColumns('p'))}
        AND (${visibleChannelsSql(actor, (v) => params.add(v))})
      ORDER BY p.created_at LIMIT ${DIGEST_ITEMS + 1}`,
    params.values,
  );
  if (rows.length === 0) return false;
  const lines: string[] = [];
  for (const r of rows.slice(0, DIGEST_ITEMS)) {
    const link = `${ctx.config.publicUrl}/forum/threads/${r.thread_id}#post-${r.id}`;
    if (linkOnly(r.tlp) || linkOnly(r.thread_tlp)) lines.push(`- [TLP:${r.tlp}] A post you may read (content not sent by email): ${link}`);
    else lines.push(`- [TLP:${r.tlp}] ${r.channel} / ${r.title}\n  ${excerpt(r.body, 300)}\n  ${link}`);
  }
  if (rows.length > DIGEST_ITEMS) lines.push(`…and more: ${ctx.config.publicUrl}/forum`);
  await ctx.mailer.send({
    to: actor.email,
    subject: `Your ${period} OpenISAO forum digest (${Math.min(rows.length, DIGEST_ITEMS)} new post${rows.length === 1 ? '' : 's'})`,
    text: `New in the forum since ${since.toISOString()} (UTC). Respect each post's TLP label.\n\n${lines.join('\n')}\n\nChange how often you get this: ${ctx.config.publicUrl}/notifications\n`,
  });
  for (const r of rows.slice(0, DIGEST_ITEMS))
    if (!linkOnly(r.tlp) && !linkOnly(r.thread_tlp)) await recordEmailed(ctx.db, r.id, actor.personId, now);
  return true;
}

/** Runs the mail jobs every intervalMs and when woken (a notification event). */
export function startForumMail(ctx: AppContext, intervalMs = 5000) {
  let running: Promise<void> | null = null;
  let stopped = false;
  // A wake during a run is kept: the notification that caused it may have come after the run claimed its mails.
  let wokenWhileRunning = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    running = (async () => {
      await sendImmediateMails(ctx);
      await sendDigests(ctx);
    })()
      .catch((err: unknown) => ctx.log.warn({ err }, 'forum mail run failed'))
      .finally(() => {
        running = null;
        if (wokenWhileRunning) {
          wokenWhileRunning = false;
          run();
        }
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  const unsubscribe = ctx.events.subscribe((e) => {
    if (e.type === 'notification.created') setTimeout(run, 50).unref();
  });
  return {
    wake: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await running;
    },
  };
}
