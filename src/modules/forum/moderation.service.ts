/** Moderation: members report posts; coordinators hide them and resolve reports; platform admins reveal anonymous authors. */
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { appendAudit, revealContributorAudited } from '../audit/index.ts';
import { scrubPostEvents } from '../events/index.ts';
import { type Actor, canRead, isPlatformAdmin, sharedItemFromRow } from '../policy/index.ts';
import { assertModeratable, canModerate } from './forum-access.ts';
import { forumEvent } from './forum-events.ts';
import { type PostRow, type ThreadRow, postSelect } from './forum-present.ts';
import { loadReadablePost } from './posts.service.ts';

/** A member reports a post to the coordinators. */
export async function flagPost(ctx: AppContext, actor: Actor, id: string, reason: string, ip: string) {
  const now = ctx.clock.now();
  const { channel } = await loadReadablePost(ctx.db, actor, id, now);
  assertModeratable(channel);
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.query(
      'INSERT INTO post_flags (post_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id',
      [id, actor.personId, reason, now],
    );
    if (rows.length === 0) throw new AppError('already_exists', 'You already reported this post.');
    await appendAudit(tx, { actor, action: 'forum.post_flagged', targetType: 'post', targetId: id, ip, detail: { reason }, at: now });
  });
  return { ok: true as const };
}

async function hide(
  ctx: AppContext,
  actor: Actor,
  post: PostRow,
  thread: ThreadRow,
  channelId: string,
  reason: string,
  ip: string,
  tx: Queryable,
) {
  const now = ctx.clock.now();
  await tx.query('UPDATE posts SET hidden_at = $2, hidden_by = $3, hidden_reason = $4 WHERE id = $1', [
    post.id,
    now,
    actor.personId,
    reason,
  ]);
  await scrubPostEvents(tx, post.id, {
    data: {
      post: { id: post.id, threadId: thread.id, position: post.position, body: '', html: '', hidden: true },
      threadId: thread.id,
      channelId,
      postId: post.id,
      hidden: true,
    },
    contributor: null,
  });
  await appendAudit(tx, { actor, action: 'forum.post_hidden', targetType: 'post', targetId: post.id, ip, detail: { reason }, at: now });
  return forumEvent(
    tx,
    {
      type: 'post.hidden',
      actorId: actor.personId,
      threadId: thread.id,
      postId: post.id,
      channelId,
      facts: [sharedItemFromRow(thread), sharedItemFromRow(post)],
      data: {},
    },
    now,
  );
}

/** Moderators hide a post (it stays for review by the staff; everyone else sees that it was hidden). */
export async function hidePost(ctx: AppContext, actor: Actor, id: string, reason: string, ip: string) {
  if (!canModerate(actor)) throw new AppError('forbidden', 'Only ISAO coordinators moderate the forum.');
  const { post, thread, channel } = await loadReadablePost(ctx.db, actor, id, ctx.clock.now());
  assertModeratable(channel);
  if (post.hidden_at) return { ok: true as const };
  const last = await ctx.db.transaction((tx) => hide(ctx, actor, post, thread, channel.id, reason, ip, tx));
  ctx.events.announce(last);
  return { ok: true as const };
}

/** The moderation queue: reported posts (the post's text stays subject to the policy). */
export async function listFlags(ctx: AppContext, actor: Actor) {
  if (!canModerate(actor)) throw new AppError('forbidden', 'Only ISAO coordinators moderate the forum.');
  const rows = await ctx.db.query<{
    id: string;
    post_id: string;
    thread_id: string;
    title: string;
    reason: string;
    reporter_name: string;
    created_at: Date;
    resolved_at: Date | null;
    resolution: string | null;
    hidden_at: Date | null;
  }>(
    `SELECT f.id, f.post_id, p.thread_id, t.title, f.reason, r.name AS reporter_name, f.created_at, f.resolved_at, f.resolution, p.hidden_at
       FROM post_flags f JOIN posts p ON p.id = f.post_id JOIN threads t ON t.id = p.thread_id JOIN people r ON r.id = f.reporter_id
      ORDER BY (f.resolved_at IS NULL) DESC, f.created_at DESC LIMIT 500`,
  );
  const now = ctx.clock.now();
  const visibleThreads = new Set<string>();
  for (const r of rows) {
    const t = (await ctx.db.query<ThreadRow>('SELECT * FROM threads WHERE id = $1', [r.thread_id]))[0];
    if (t && canRead(actor, sharedItemFromRow(t), now)) visibleThreads.add(r.thread_id);
  }
  return {
    items: rows.map((r) => ({
      id: r.id,
      postId: r.post_id,
      threadId: r.thread_id,
      // A thread's title is shared content: only shown when the coordinator may read the thread.
      threadTitle: visibleThreads.has(r.thread_id) ? r.title : '(a thread you cannot read)',
      reason: r.reason,
      reporterName: r.reporter_name,
      createdAt: new Date(r.created_at).toISOString(),
      resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
      resolution: r.resolution,
      postHidden: r.hidden_at !== null,
    })),
  };
}

/** Resolves a report, optionally hiding the post (even one the coordinator cannot read). */
export async function resolveFlag(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { resolution: string; hidePost?: boolean | undefined },
  ip: string,
) {
  if (!canModerate(actor)) throw new AppError('forbidden', 'Only ISAO coordinators moderate the forum.');
  const now = ctx.clock.now();
  const last = await ctx.db.transaction(async (tx) => {
    const flags = await tx.query<{ post_id: string; resolved_at: Date | null }>(
      'SELECT post_id, resolved_at FROM post_flags WHERE id = $1 FOR UPDATE',
      [id],
    );
    const flag = flags[0];
    if (!flag) throw new AppError('not_found');
    if (flag.resolved_at) throw new AppError('conflict', 'This report is already resolved.');
    await tx.query(
      'UPDATE post_flags SET resolved_at = $2, resolved_by = $3, resolution = $4 WHERE post_id = (SELECT post_id FROM post_flags WHERE id = $1) AND resolved_at IS NULL',
      [id, now, actor.personId, input.resolution],
    );
    await appendAudit(tx, {
      actor,
      action: 'forum.flag_resolved',
      targetType: 'post',
      targetId: flag.post_id,
      ip,
      detail: { hide: input.hidePost ?? false },
      at: now,
    });
    if (!input.hidePost) return 0;
    const post = (await tx.query<PostRow>(`${postSelect} WHERE p.id = $1`, [flag.post_id]))[0]!;
    if (post.hidden_at) return 0;
    const thread = (await tx.query<ThreadRow>('SELECT * FROM threads WHERE id = $1', [post.thread_id]))[0]!;
    return hide(ctx, actor, post, thread, thread.channel_id, input.resolution, ip, tx);
  });
  ctx.events.announce(last);
  return { ok: true as const };
}

/** Who posted anonymously: platform admins only, and every look is audited. */
export async function revealPostContributor(ctx: AppContext, actor: Actor, id: string, ip: string) {
  if (!isPlatformAdmin(actor)) throw new AppError('forbidden', 'Only the ISAO platform admins may see who posted anonymously.');
  const { post } = await loadReadablePost(ctx.db, actor, id, ctx.clock.now());
  return revealContributorAudited(ctx, actor, { type: 'post', id }, post, ip);
}
