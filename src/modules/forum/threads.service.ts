/** Threads: reading one (filtered in the database), starting one, read state, moderation, export. */
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, type SharedItem, SqlParams, canContribute, canRead, sharedItemFromRow } from '../policy/index.ts';
import { type ChannelRow, assertModeratable, canModerate, threadLabel } from './forum-access.ts';
import { forumEvent, forumEventOf } from './forum-events.ts';
import {
  type PostRow,
  type ThreadRow,
  contributorOf,
  mentionNames,
  noExtras,
  participantList,
  participantsOf,
  postSelect,
  presentPost,
  presentThreadSummary,
  publicContributor,
  recipientsOf,
  threadSelect,
} from './forum-present.ts';
import { loadChannel, readable } from './channels.service.ts';
import { insertPost, postExtras, type NewPostInput, type ThreadPrelude } from './posts.service.ts';

/** A thread I may read (hidden ones for moderators only); anything else is "not found". */
export async function loadReadableThread(
  db: Queryable,
  actor: Actor,
  id: string,
  now: Date,
): Promise<{ thread: ThreadRow; channel: ChannelRow }> {
  const rows = await db.query<ThreadRow>(`${threadSelect} WHERE t.id = $1`, [id]);
  const thread = rows[0];
  if (!thread || !canRead(actor, sharedItemFromRow(thread), now) || (thread.hidden_at !== null && !canModerate(actor)))
    throw new AppError('not_found');
  const channel = await loadChannel(db, actor, thread.channel_id);
  return { thread, channel };
}

/** Starts a thread with its first post. */
export async function createThread(
  ctx: AppContext,
  actor: Actor,
  channelId: string,
  input: { title: string; body: string } & Parameters<typeof threadLabel>[3],
  ip: string,
) {
  if (!canContribute(actor)) throw new AppError('forbidden', 'Read-only members cannot post.');
  const channel = await loadChannel(ctx.db, actor, channelId);
  if (channel.archived) throw new AppError('conflict', 'This channel is archived.');
  if (channel.kind === 'direct') throw new AppError('validation_failed', 'Direct conversations are started with POST /api/v1/messages.');
  const now = ctx.clock.now();
  const facts = await threadLabel(ctx.db, actor, channel, input, now);
  const { threadId, lastEventId } = await ctx.db.transaction((tx) => openThread(ctx, tx, actor, channel, input, facts, now, ip));
  ctx.events.announce(lastEventId);
  return getThread(ctx, actor, threadId);
}

/** Inserts a thread and its first post in the caller's transaction; returns its id and the last event id to announce. */
export async function openThread(
  ctx: AppContext,
  tx: Queryable,
  actor: Actor,
  channel: ChannelRow,
  input: { title: string; body: string },
  facts: SharedItem,
  now: Date,
  ip: string,
): Promise<{ threadId: string; lastEventId: number }> {
  const channelId = channel.id;
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO threads (channel_id, title, tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids, group_id, anonymous,
                          embargo_until, last_post_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
    [
      channelId,
      input.title,
      facts.tlp,
      facts.audience,
      facts.ownerOrgId,
      facts.authorId,
      facts.recipientOrgIds,
      facts.recipientPersonIds,
      facts.groupId,
      facts.anonymous,
      facts.embargoUntil,
      now,
    ],
  );
  const id = rows[0]!.id;
  const created = (await tx.query<ThreadRow>(`${threadSelect} WHERE t.id = $1`, [id]))[0]!;
  // The thread's record and event go first in the locked phase, so clients see the thread before its first post.
  const prelude: ThreadPrelude = {
    audit: {
      actor,
      action: 'forum.thread_created',
      targetType: 'thread',
      targetId: id,
      ip,
      detail: { channelId, tlp: facts.tlp, audience: facts.audience, anonymous: facts.anonymous },
      at: now,
    },
    event: forumEventOf({
      type: 'thread.created',
      actorId: actor.personId,
      threadId: id,
      channelId,
      facts: [facts],
      data: {
        thread: {
          ...presentThreadSummary(null, created, { posts: 1, unread: 1 }),
          contributor: null,
          contributorLabel: publicContributor(created),
        },
      },
      contributor: {
        path: 'thread',
        value: { orgId: actor.orgId, orgName: created.org_name, personId: actor.personId, personName: created.author_name },
      },
    }),
  };
  const post: NewPostInput = { body: input.body, facts, anonymous: facts.anonymous };
  const { lastEventId } = await insertPost(ctx, tx, actor, channel, created, post, now, ip, prelude);
  return { threadId: id, lastEventId };
}

/** A thread with the posts I may read, each marked new or edited since my last visit. */
export async function getThread(ctx: AppContext, actor: Actor, id: string) {
  const now = ctx.clock.now();
  const { thread, channel } = await loadReadableThread(ctx.db, actor, id, now);
  const params = new SqlParams([id]);
  const posts = await ctx.db.query<PostRow>(
    `${postSelect} WHERE p.thread_id = $1 AND ${readable(actor, now, params, 'p')} ORDER BY p.position LIMIT 2000`,
    params.values,
  );
  const reads = await ctx.db.query<{ last_position: number; read_at: Date }>(
    'SELECT last_position, read_at FROM thread_reads WHERE thread_id = $1 AND person_id = $2',
    [id, actor.personId],
  );
  const lastRead = reads[0]?.last_position ?? 0;
  const extras = await postExtras(
    ctx.db,
    actor,
    posts.map((p) => p.id),
    { lastReadPosition: lastRead, lastVisitAt: reads[0] ? new Date(reads[0].read_at) : null },
  );
  const names = await mentionNames(
    ctx.db,
    posts.map((p) => p.body),
  );
  const stats = { posts: posts.length, unread: posts.filter((p) => p.position > lastRead && p.author_id !== actor.personId).length };
  const direct = channel.kind === 'direct';
  const people = direct ? thread.recipient_person_ids : [];
  return {
    thread: {
      ...presentThreadSummary(actor, thread, stats),
      channelName: channel.name,
      recipients: recipientsOf(actor, thread),
      direct,
      participants: participantList(await participantsOf(ctx.db, people), people),
      canPost: canContribute(actor) && !thread.locked && thread.hidden_at === null,
      canModerate: canModerate(actor) && !direct,
    },
    posts: posts.map((p) => presentPost(actor, p, names, extras.get(p.id) ?? noExtras)),
    lastReadPosition: lastRead,
  };
}

/** Remembers how far I have read (never backwards); reading a direct conversation reads its notifications too. */
export async function markRead(ctx: AppContext, actor: Actor, id: string, position: number) {
  const now = ctx.clock.now();
  const { thread, channel } = await loadReadableThread(ctx.db, actor, id, now);
  const upTo = Math.min(position, thread.last_position);
  await ctx.db.query(
    `INSERT INTO thread_reads (thread_id, person_id, last_position, read_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (person_id, thread_id) DO UPDATE SET last_position = GREATEST(thread_reads.last_position, EXCLUDED.last_position), read_at = EXCLUDED.read_at`,
    [id, actor.personId, upTo, now],
  );
  if (channel.kind === 'direct')
    await ctx.db.query(
      `UPDATE notifications n SET read_at = $4 FROM posts p
        WHERE n.person_id = $2 AND n.thread_id = $1 AND n.kind = 'direct_message' AND n.read_at IS NULL AND p.id = n.post_id AND p.position <= $3`,
      [id, actor.personId, upTo, now],
    );
  return { ok: true as const };
}

/** Pin, lock or move a thread (moderators). A move keeps the thread's label; the new channel must allow it. */
export async function moderateThread(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { pinned?: boolean | undefined; locked?: boolean | undefined; channelId?: string | undefined },
  ip: string,
) {
  if (!canModerate(actor)) throw new AppError('forbidden', 'Only ISAO coordinators moderate the forum.');
  const now = ctx.clock.now();
  const { thread, channel } = await loadReadableThread(ctx.db, actor, id, now);
  assertModeratable(channel);
  const facts = sharedItemFromRow(thread);
  if (input.channelId && input.channelId !== thread.channel_id) {
    const target = await loadChannel(ctx.db, actor, input.channelId);
    if (target.kind === 'direct') throw new AppError('validation_failed', 'No thread moves into the direct messages.');
    if ((target.kind === 'group') !== (thread.group_id !== null) || (target.kind === 'group' && target.group_id !== thread.group_id))
      throw new AppError(
        'validation_failed',
        "A thread moves only to a channel with the same audience (its sharing group's, or the members').",
      );
  }
  const last = await ctx.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE threads SET pinned = COALESCE($2, pinned), locked = COALESCE($3, locked), channel_id = COALESCE($4, channel_id) WHERE id = $1`,
      [id, input.pinned ?? null, input.locked ?? null, input.channelId ?? null],
    );
    await appendAudit(tx, {
      actor,
      action: 'forum.thread_moderated',
      targetType: 'thread',
      targetId: id,
      ip,
      detail: { ...input },
      at: now,
    });
    return forumEvent(
      tx,
      {
        type: 'thread.updated',
        actorId: actor.personId,
        threadId: id,
        channelId: input.channelId ?? thread.channel_id,
        facts: [facts],
        data: { pinned: input.pinned ?? thread.pinned, locked: input.locked ?? thread.locked, previousChannelId: thread.channel_id },
      },
      now,
    );
  });
  ctx.events.announce(last);
  return getThread(ctx, actor, id);
}

/** Hides a thread from everyone but the moderators (with the reason recorded). */
export async function hideThread(ctx: AppContext, actor: Actor, id: string, reason: string, ip: string) {
  if (!canModerate(actor)) throw new AppError('forbidden', 'Only ISAO coordinators moderate the forum.');
  const now = ctx.clock.now();
  const { thread, channel } = await loadReadableThread(ctx.db, actor, id, now);
  assertModeratable(channel);
  const last = await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE threads SET hidden_at = $2, hidden_by = $3, hidden_reason = $4 WHERE id = $1', [
      id,
      now,
      actor.personId,
      reason,
    ]);
    await appendAudit(tx, { actor, action: 'forum.thread_hidden', targetType: 'thread', targetId: id, ip, detail: { reason }, at: now });
    return forumEvent(
      tx,
      {
        type: 'thread.updated',
        actorId: actor.personId,
        threadId: id,
        channelId: thread.channel_id,
        facts: [sharedItemFromRow(thread)],
        data: { hidden: true },
      },
      now,
    );
  });
  ctx.events.announce(last);
  return { ok: true as const };
}

/** A thread as a JSON export: the posts I may read, retracted ones as tombstones without content. Audited. */
export async function exportThread(ctx: AppContext, actor: Actor, id: string, ip: string) {
  const now = ctx.clock.now();
  const { thread, channel } = await loadReadableThread(ctx.db, actor, id, now);
  const params = new SqlParams([id]);
  const posts = await ctx.db.query<PostRow>(
    `${postSelect} WHERE p.thread_id = $1 AND p.hidden_at IS NULL AND ${readable(actor, now, params, 'p')} ORDER BY p.position`,
    params.values,
  );
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actor,
      action: 'forum.thread_exported',
      targetType: 'thread',
      targetId: id,
      ip,
      detail: { posts: posts.length },
      at: now,
    }),
  );
  const label = (r: ThreadRow | PostRow) => contributorOf(actor, r).contributorLabel;
  return {
    exportedAt: now.toISOString(),
    thread: { id, title: thread.title, channel: channel.name, tlp: thread.tlp, audience: thread.audience, contributor: label(thread) },
    posts: posts
      .filter((p) => p.retracted_at === null)
      .map((p) => ({
        id: p.id,
        position: p.position,
        tlp: p.tlp,
        contributor: label(p),
        createdAt: new Date(p.created_at).toISOString(),
        editedAt: p.edited_at ? new Date(p.edited_at).toISOString() : null,
        body: p.body,
      })),
    retracted: posts
      .filter((p) => p.retracted_at !== null)
      .map((p) => ({ id: p.id, retractedAt: new Date(p.retracted_at!).toISOString(), reason: p.retraction_reason ?? '' })),
  };
}

/** The policy facts of a thread (for replies). */
export function threadFacts(thread: ThreadRow): SharedItem {
  return sharedItemFromRow(thread);
}
