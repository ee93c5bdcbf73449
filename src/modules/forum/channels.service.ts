/** Channels: the ones a reader may see (filtered in the database), creating them, and the threads listed in one. */
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, SqlParams, isOperatorStaff, isOrgAdminOf, sharedColumns, visibleFilter } from '../policy/index.ts';
import { type ChannelRow, canSeeChannel, visibleChannelsSql, widestAudience } from './forum-access.ts';
import { type ThreadRow, presentThreadSummary, threadSelect } from './forum-present.ts';

const channelSelect = `SELECT c.*, g.name AS group_name FROM channels c LEFT JOIN sharing_groups g ON g.id = c.group_id`;

export async function loadChannel(db: Queryable, actor: Actor | null, id: string): Promise<ChannelRow> {
  const rows = await db.query<ChannelRow>(`${channelSelect} WHERE c.id = $1`, [id]);
  const row = rows[0];
  if (!row || !canSeeChannel(actor, row)) throw new AppError('not_found');
  return row;
}

/** Thread and post visibility for the reader, as SQL on aliases t and p. */
export function readable(actor: Actor, now: Date, params: SqlParams, alias: 't' | 'p'): string {
  return visibleFilter(actor, now, params, sharedColumns(alias));
}

function presentChannel(r: ChannelRow & { threads?: number; unread_threads?: number; last_post_at?: Date | null }) {
  // The direct channel is not one of the forum's channels: its conversations are listed by GET /messages.
  if (r.kind === 'direct') throw new AppError('not_found');
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    deviceClass: r.device_class,
    groupId: r.group_id,
    groupName: r.group_name,
    threads: r.threads ?? 0,
    unreadThreads: r.unread_threads ?? 0,
    lastPostAt: r.last_post_at ? new Date(r.last_post_at).toISOString() : null,
    widestAudience: widestAudience(r),
  };
}

/** The channels I may see, with how many threads I may read and how many have something new for me. */
export async function listChannels(ctx: AppContext, actor: Actor) {
  const params = new SqlParams();
  const add = (v: unknown) => params.add(v);
  const now = ctx.clock.now();
  const me = add(actor.personId);
  const staff = isOperatorStaff(actor);
  const rows = await ctx.db.query<ChannelRow & { threads: number; unread_threads: number; last_post_at: Date | null }>(
    `WITH vt AS (
       SELECT t.id, t.channel_id, t.last_post_at,
              EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.position > COALESCE(tr.last_position, 0) AND p.author_id <> ${me}::uuid
                        AND ${readable(actor, now, params, 'p')}) AS unread
         FROM threads t LEFT JOIN thread_reads tr ON tr.thread_id = t.id AND tr.person_id = ${me}::uuid
        WHERE ${readable(actor, now, params, 't')} ${staff ? '' : 'AND t.hidden_at IS NULL'})
     SELECT c.*, g.name AS group_name, count(vt.id)::int AS threads, count(vt.id) FILTER (WHERE vt.unread)::int AS unread_threads,
            max(vt.last_post_at) AS last_post_at
       FROM channels c LEFT JOIN sharing_groups g ON g.id = c.group_id LEFT JOIN vt ON vt.channel_id = c.id
      WHERE NOT c.archived AND c.kind <> 'direct' AND (${visibleChannelsSql(actor, add)})
      GROUP BY c.id, g.name ORDER BY c.kind, lower(c.name)`,
    params.values,
  );
  return { items: rows.map(presentChannel) };
}

/** Creates a channel: operator staff any kind; an organisation's admin a channel for one of its sharing groups. */
export async function createChannel(
  ctx: AppContext,
  actor: Actor,
  input: {
    name: string;
    description?: string | undefined;
    kind: Exclude<ChannelRow['kind'], 'direct'>;
    deviceClass?: string | undefined;
    groupId?: string | undefined;
  },
  ip: string,
) {
  const staff = isOperatorStaff(actor);
  if (input.kind === 'group') {
    if (!input.groupId) throw new AppError('validation_failed', 'Choose the sharing group of this channel.');
    if (!actor.groupIds.includes(input.groupId) && !staff)
      throw new AppError('validation_failed', 'Your organisation is not in that sharing group.');
    if (!staff && !isOrgAdminOf(actor, actor.orgId)) throw new AppError('forbidden', 'Only organisation admins create group channels.');
  } else {
    if (!staff) throw new AppError('forbidden', 'Only ISAO coordinators create topic and device-class channels.');
    if (input.groupId) throw new AppError('validation_failed', 'A group is only used with a group channel.');
  }
  if (input.kind === 'device_class' && !input.deviceClass?.trim())
    throw new AppError('validation_failed', 'Name the device class (for example "infusion pumps").');
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    if (input.groupId) {
      const g = await tx.query('SELECT 1 FROM sharing_groups WHERE id = $1', [input.groupId]);
      if (g.length === 0) throw new AppError('validation_failed', 'That sharing group does not exist.');
    }
    const clash = await tx.query('SELECT 1 FROM channels WHERE lower(name) = lower($1)', [input.name]);
    if (clash.length > 0) throw new AppError('already_exists', 'A channel with this name exists.');
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO channels (name, description, kind, device_class, group_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        input.name,
        input.description ?? '',
        input.kind,
        input.kind === 'device_class' ? input.deviceClass!.trim() : null,
        input.groupId ?? null,
        actor.personId,
        now,
      ],
    );
    const channelId = rows[0]!.id;
    await appendAudit(tx, {
      actor,
      action: 'forum.channel_created',
      targetType: 'channel',
      targetId: channelId,
      ip,
      detail: { kind: input.kind, name: input.name },
      at: now,
    });
    return channelId;
  });
  return presentChannel(await loadChannel(ctx.db, actor, id));
}

async function threadStats(db: Queryable, actor: Actor, now: Date, threadIds: string[]) {
  if (threadIds.length === 0) return new Map<string, { posts: number; unread: number }>();
  const params = new SqlParams([threadIds, actor.personId]);
  const rows = await db.query<{ thread_id: string; posts: number; unread: number }>(
    `SELECT p.thread_id, count(*)::int AS posts,
            count(*) FILTER (WHERE p.position > COALESCE(tr.last_position, 0) AND p.author_id <> $2::uuid)::int AS unread
       FROM posts p LEFT JOIN thread_reads tr ON tr.thread_id = p.thread_id AND tr.person_id = $2::uuid
      WHERE p.thread_id = ANY($1::uuid[]) AND ${readable(actor, now, params, 'p')}
      GROUP BY p.thread_id`,
    params.values,
  );
  return new Map(rows.map((r) => [r.thread_id, { posts: r.posts, unread: r.unread }]));
}

/** A channel and the threads in it I may read: pinned first, then the latest activity. */
export async function channelThreads(ctx: AppContext, actor: Actor, channelId: string) {
  const channel = await loadChannel(ctx.db, actor, channelId);
  const presented = presentChannel(channel);
  const now = ctx.clock.now();
  const params = new SqlParams([channelId]);
  const rows = await ctx.db.query<ThreadRow>(
    `${threadSelect} WHERE t.channel_id = $1 AND ${readable(actor, now, params, 't')} ${isOperatorStaff(actor) ? '' : 'AND t.hidden_at IS NULL'}
      ORDER BY t.pinned DESC, t.last_post_at DESC, t.id LIMIT 300`,
    params.values,
  );
  const stats = await threadStats(
    ctx.db,
    actor,
    now,
    rows.map((r) => r.id),
  );
  const threads = rows.map((r) => presentThreadSummary(actor, r, stats.get(r.id) ?? { posts: 0, unread: 0 }));
  const summary = (await listChannels(ctx, actor)).items.find((c) => c.id === channelId) ?? presented;
  return { channel: summary, threads };
}
