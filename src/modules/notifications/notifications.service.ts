/** The in-app notification centre and each person's email digest choice. */
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { type Actor, SqlParams, sharedColumns, visibleFilter } from '../policy/index.ts';

interface NotificationRow {
  id: string;
  kind: 'mention' | 'reply' | 'retraction' | 'correction' | 'direct_message';
  thread_id: string | null;
  post_id: string | null;
  title: string | null;
  actor_label: string;
  created_at: Date;
  read_at: Date | null;
}

/** My latest notifications (only about threads I may still read) and how many are unread. */
export async function listNotifications(ctx: AppContext, actor: Actor) {
  const params = new SqlParams([actor.personId]);
  const visible = visibleFilter(actor, ctx.clock.now(), params, sharedColumns('t'));
  const rows = await ctx.db.query<NotificationRow & { unread_total: number }>(
    `SELECT n.id, n.kind, n.thread_id, n.post_id, t.title, n.actor_label, n.created_at, n.read_at,
            count(*) FILTER (WHERE n.read_at IS NULL) OVER ()::int AS unread_total
       FROM notifications n JOIN threads t ON t.id = n.thread_id
      WHERE n.person_id = $1 AND ${visible}
      ORDER BY n.created_at DESC, n.id LIMIT 100`,
    params.values,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      threadId: r.thread_id,
      postId: r.post_id,
      threadTitle: r.title,
      actorLabel: r.actor_label,
      createdAt: new Date(r.created_at).toISOString(),
      read: r.read_at !== null,
    })),
    unread: rows[0]?.unread_total ?? 0,
  };
}

export async function markNotificationsRead(ctx: AppContext, actor: Actor, input: { ids?: string[] | undefined; all?: true | undefined }) {
  if (!input.all && (!input.ids || input.ids.length === 0))
    throw new AppError('validation_failed', 'Give the ids to mark read, or all: true.');
  const now = ctx.clock.now();
  if (input.all)
    await ctx.db.query('UPDATE notifications SET read_at = $2 WHERE person_id = $1 AND read_at IS NULL', [actor.personId, now]);
  else
    await ctx.db.query('UPDATE notifications SET read_at = $3 WHERE person_id = $1 AND id = ANY($2::uuid[]) AND read_at IS NULL', [
      actor.personId,
      input.ids,
      now,
    ]);
  return { ok: true as const };
}

export async function getNotificationSettings(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db.query<{ digest: 'off' | 'hourly' | 'daily' }>('SELECT digest FROM people WHERE id = $1', [actor.personId]);
  return { digest: rows[0]?.digest ?? 'daily' };
}

export async function setNotificationSettings(ctx: AppContext, actor: Actor, input: { digest: 'off' | 'hourly' | 'daily' }) {
  await ctx.db.query('UPDATE people SET digest = $2 WHERE id = $1', [actor.personId, input.digest]);
  return { digest: input.digest };
}
