/**
 * Posts: writing one (never more widely visible than its thread), reading one with its extras, reactions. Edits,
 * corrections and retractions are in post-changes.service.ts.
 */
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { randomUUID } from 'node:crypto';
import { type AuditInput, appendAudit } from '../audit/index.ts';
import { type NewEvent, appendEvents } from '../events/index.ts';
import { type Actor, type SharedItem, canContribute, canRead, sharedItemFromRow } from '../policy/index.ts';
import { type ChannelRow, canModerate, replyLabel } from './forum-access.ts';
import { forumEvent, forumEventOf, notificationEvents, peopleOfOrgs, planNotifications, writeNotifications } from './forum-events.ts';
import {
  type PostExtras,
  type PostRow,
  type ThreadRow,
  mentionNames,
  noExtras,
  postSelect,
  presentPost,
  publicContributor,
} from './forum-present.ts';
import { extractMentions } from './markdown.ts';
import { loadReadableThread } from './threads.service.ts';

export interface NewPostInput {
  body: string;
  facts: SharedItem;
  anonymous: boolean;
}

/** Refuses a flood: a person posts at most ISAO_POST_LIMIT_PER_MINUTE a minute and 15 times that an hour. */
async function checkRate(tx: Queryable, actor: Actor, now: Date, perMinute: number): Promise<void> {
  const perHour = perMinute * 15;
  const [row] = (await tx.query<{ minute: number; hour: number }>(
    `SELECT count(*) FILTER (WHERE created_at > $2)::int AS minute, count(*)::int AS hour FROM posts WHERE author_id = $1 AND created_at > $3`,
    [actor.personId, new Date(now.getTime() - 60_000), new Date(now.getTime() - 3_600_000)],
  )) as [{ minute: number; hour: number }];
  if (row.minute >= perMinute || row.hour >= perHour)
    throw new AppError(
      'too_many_requests',
      `You can post ${perMinute} times a minute and ${perHour} times an hour; wait a moment.`,
      undefined,
      {
        'retry-after': '60',
      },
    );
}

/** What a post is found by: its text, and for a thread's first post the thread's title too (one index to search). */
export function searchText(body: string, position: number, title: string): string {
  return position === 1 ? `${title}\n${body}` : body;
}

/** A new thread's own audit record and event, written just before its first post's. */
export interface ThreadPrelude {
  audit: AuditInput;
  event: NewEvent;
}

/**
 * Inserts a post in the caller's transaction, with mentions, notifications and events; returns its id and the last event
 * id. Every post of a thread waits for the thread's row, and every audited write of the platform for the audit lock,
 * from when it takes them to its commit: so everything that only reads comes first, and what follows the locks is a
 * few statements.
 */
export async function insertPost(
  ctx: AppContext,
  tx: Queryable,
  actor: Actor,
  channel: ChannelRow,
  thread: ThreadRow,
  input: NewPostInput,
  now: Date,
  ip: string,
  prelude?: ThreadPrelude,
): Promise<{ postId: string; lastEventId: number }> {
  await checkRate(tx, actor, now, ctx.config.postLimitPerMinute);
  const postId = randomUUID();
  const f = input.facts;
  const facts = [sharedItemFromRow(thread), f];
  const names = await mentionNames(tx, [input.body]);
  const mentions = extractMentions(input.body);
  const mentioned = [...mentions.personIds, ...(await peopleOfOrgs(tx, mentions.orgIds))];
  const common = {
    actorId: actor.personId,
    actorLabel: publicContributor({ anonymous: input.anonymous, org_name: actor.orgName, org_kind: actor.orgKind }),
    channel,
    threadId: thread.id,
    threadTitle: thread.title,
    postId,
    facts,
  };
  // A direct message notifies every other participant, by name (it is never anonymous); mentions add nothing there.
  const direct = channel.kind === 'direct';
  const notifications = direct
    ? await planNotifications(
        tx,
        { ...common, actorLabel: `${actor.name} (${actor.orgName})`, personIds: thread.recipient_person_ids, kind: 'direct_message' },
        now,
      )
    : await planNotifications(tx, { ...common, personIds: mentioned, kind: 'mention' }, now);
  // (The first post is the thread author's own: no reply notification.)
  if (!direct && thread.author_id !== actor.personId && !mentioned.includes(thread.author_id))
    notifications.push(...(await planNotifications(tx, { ...common, personIds: [thread.author_id], kind: 'reply' }, now)));

  // The thread's row: the next position, and the post, in one statement.
  const [row] = await tx.query<PostRow>(
    `WITH t AS (
       UPDATE threads SET last_position = last_position + 1, last_post_at = $13
        WHERE id = $1 AND NOT locked AND hidden_at IS NULL RETURNING last_position),
     p AS (
       INSERT INTO posts (id, thread_id, position, body, tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids,
                          group_id, anonymous, embargo_until, created_at, search)
       SELECT $2, $1, t.last_position, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
              to_tsvector('english', CASE WHEN t.last_position = 1 THEN $14 ELSE $3 END)
         FROM t RETURNING *)
     SELECT p.*, o.name AS org_name, o.kind AS org_kind, pe.name AS author_name
       FROM p JOIN organisations o ON o.id = p.owner_org_id JOIN people pe ON pe.id = p.author_id`,
    [
      thread.id,
      postId,
      input.body,
      f.tlp,
      f.audience,
      f.ownerOrgId,
      f.authorId,
      f.recipientOrgIds,
      f.recipientPersonIds,
      f.groupId,
      input.anonymous,
      f.embargoUntil,
      now,
      searchText(input.body, 1, thread.title),
    ],
  );
  if (!row) {
    const [t] = await tx.query<{ locked: boolean }>('SELECT locked FROM threads WHERE id = $1', [thread.id]);
    if (t?.locked) throw new AppError('conflict', 'This thread is locked by the moderators.');
    throw new AppError('not_found');
  }
  // What I wrote is read.
  await tx.query(
    `INSERT INTO thread_reads (thread_id, person_id, last_position, read_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (person_id, thread_id) DO UPDATE SET last_position = GREATEST(thread_reads.last_position, EXCLUDED.last_position)`,
    [thread.id, actor.personId, row.position, now],
  );
  await writeNotifications(tx, notifications, now);

  // The audit lock: the records, then every event in one statement (thread, post, notifications: ids in that order).
  if (prelude) await appendAudit(tx, prelude.audit);
  await appendAudit(tx, {
    actor,
    action: 'forum.post_created',
    targetType: 'post',
    targetId: postId,
    ip,
    detail: { threadId: thread.id, tlp: f.tlp, anonymous: input.anonymous },
    at: now,
  });
  const postEvent = forumEventOf({
    type: 'post.created',
    actorId: actor.personId,
    threadId: thread.id,
    postId,
    channelId: channel.id,
    facts,
    data: { threadTitle: thread.title, post: { ...presentPost(null, row, names, noExtras), isNew: true } },
    contributor: {
      path: 'post',
      value: { orgId: actor.orgId, orgName: row.org_name, personId: actor.personId, personName: row.author_name },
    },
  });
  const events = [...(prelude ? [prelude.event] : []), postEvent, ...notificationEvents(notifications)];
  return { postId, lastEventId: await appendEvents(tx, events, now) };
}

/** Replies in a thread I may read. */
export async function createPost(
  ctx: AppContext,
  actor: Actor,
  threadId: string,
  input: { body: string; tlp?: SharedItem['tlp'] | undefined; recipientPersonIds?: string[] | undefined; anonymous?: boolean | undefined },
  ip: string,
) {
  if (!canContribute(actor)) throw new AppError('forbidden', 'Read-only members cannot post.');
  const now = ctx.clock.now();
  const { thread, channel } = await loadReadableThread(ctx.db, actor, threadId, now);
  if (thread.locked) throw new AppError('conflict', 'This thread is locked by the moderators.');
  const facts = await replyLabel(ctx.db, actor, channel, sharedItemFromRow(thread), input, now);
  const { last, postId } = await ctx.db.transaction(async (tx) => {
    const inserted = await insertPost(ctx, tx, actor, channel, thread, { body: input.body, facts, anonymous: facts.anonymous }, now, ip);
    return { last: inserted.lastEventId, postId: inserted.postId };
  });
  ctx.events.announce(last);
  return getPost(ctx, actor, postId);
}

/** A post I may read (its thread and itself), else "not found". */
export async function loadReadablePost(db: Queryable, actor: Actor, id: string, now: Date) {
  const rows = await db.query<PostRow>(`${postSelect} WHERE p.id = $1`, [id]);
  const post = rows[0];
  if (!post || !canRead(actor, sharedItemFromRow(post), now)) throw new AppError('not_found');
  const { thread, channel } = await loadReadableThread(db, actor, post.thread_id, now);
  if (post.hidden_at !== null && !canModerate(actor) && post.author_id !== actor.personId) throw new AppError('not_found');
  return { post, thread, channel };
}

/** Reactions, attachments, revision counts and acknowledgements of these posts, for one reader. */
export async function postExtras(
  db: Queryable,
  actor: Actor,
  postIds: string[],
  visit: { lastReadPosition: number; lastVisitAt: Date | null },
): Promise<Map<string, PostExtras>> {
  const out = new Map<string, PostExtras>();
  if (postIds.length === 0) return out;
  for (const id of postIds) out.set(id, { ...noExtras, ...visit, reactions: [], attachments: [], showHidden: canModerate(actor) });
  const [reactions, attachments, revisions, acks] = await Promise.all([
    db.query<{ post_id: string; reaction: PostExtras['reactions'][number]['reaction']; n: number; mine: boolean }>(
      `SELECT post_id, reaction, count(*)::int AS n, bool_or(person_id = $2) AS mine FROM post_reactions WHERE post_id = ANY($1::uuid[])
        GROUP BY post_id, reaction ORDER BY reaction`,
      [postIds, actor.personId],
    ),
    db.query<{ id: string; post_id: string; file_name: string; content_type: string; size: number; sha256: string }>(
      'SELECT id, post_id, file_name, content_type, size, sha256 FROM post_attachments WHERE post_id = ANY($1::uuid[]) ORDER BY created_at, id',
      [postIds],
    ),
    db.query<{ post_id: string; n: number }>(
      'SELECT post_id, count(*)::int AS n FROM post_revisions WHERE post_id = ANY($1::uuid[]) GROUP BY post_id',
      [postIds],
    ),
    db.query<{ post_id: string }>('SELECT post_id FROM retraction_acks WHERE post_id = ANY($1::uuid[]) AND person_id = $2', [
      postIds,
      actor.personId,
    ]),
  ]);
  for (const r of reactions) out.get(r.post_id)?.reactions.push({ reaction: r.reaction, count: r.n, mine: r.mine });
  for (const a of attachments)
    out.get(a.post_id)?.attachments.push({ id: a.id, fileName: a.file_name, contentType: a.content_type, size: a.size, sha256: a.sha256 });
  for (const r of revisions) out.get(r.post_id)!.revisions = r.n;
  for (const a of acks) out.get(a.post_id)!.acknowledged = true;
  return out;
}

export async function getPost(ctx: AppContext, actor: Actor, id: string) {
  const now = ctx.clock.now();
  const { post } = await loadReadablePost(ctx.db, actor, id, now);
  const reads = await ctx.db.query<{ last_position: number; read_at: Date }>(
    'SELECT last_position, read_at FROM thread_reads WHERE thread_id = $1 AND person_id = $2',
    [post.thread_id, actor.personId],
  );
  const extras = await postExtras(ctx.db, actor, [id], {
    lastReadPosition: reads[0]?.last_position ?? 0,
    lastVisitAt: reads[0] ? new Date(reads[0].read_at) : null,
  });
  return presentPost(actor, post, await mentionNames(ctx.db, [post.body]), extras.get(id) ?? noExtras);
}

/** Adds or removes my reaction ("+1 we see this too", thanks, useful). */
export async function setReaction(ctx: AppContext, actor: Actor, id: string, reaction: 'seen_too' | 'thanks' | 'useful', on: boolean) {
  const now = ctx.clock.now();
  const { post, thread, channel } = await loadReadablePost(ctx.db, actor, id, now);
  if (post.retracted_at || post.hidden_at) throw new AppError('conflict', 'This post was retracted or hidden.');
  const last = await ctx.db.transaction(async (tx) => {
    const changed = on
      ? await tx.query(
          'INSERT INTO post_reactions (post_id, person_id, reaction, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING post_id',
          [id, actor.personId, reaction, now],
        )
      : await tx.query('DELETE FROM post_reactions WHERE post_id = $1 AND person_id = $2 AND reaction = $3 RETURNING post_id', [
          id,
          actor.personId,
          reaction,
        ]);
    if (changed.length === 0) return 0;
    const counts = await tx.query<{ reaction: string; n: number }>(
      'SELECT reaction, count(*)::int AS n FROM post_reactions WHERE post_id = $1 GROUP BY reaction ORDER BY reaction',
      [id],
    );
    return forumEvent(
      tx,
      {
        type: 'reaction.changed',
        actorId: actor.personId,
        threadId: thread.id,
        postId: id,
        channelId: channel.id,
        facts: [sharedItemFromRow(thread), sharedItemFromRow(post)],
        data: { reactions: counts.map((c) => ({ reaction: c.reaction, count: c.n })) },
      },
      now,
    );
  });
  ctx.events.announce(last);
  return getPost(ctx, actor, id);
}
