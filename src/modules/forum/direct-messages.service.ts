/**
 * Direct messages: a conversation is a forum thread in the platform's one direct channel, TLP:RED to its participants
 * (the starter included), so the policy alone decides who reads it. Replies, edits, retractions, reactions, attachments,
 * read state, search, live events and exports are the forum's own.
 */
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { type Actor, SqlParams, canContribute, sharedColumns, sharedItemFromRow, visibleFilter } from '../policy/index.ts';
import { type ChannelRow, replyLabel, threadLabel } from './forum-access.ts';
import { type ThreadRow, participantList, participantsOf, threadSelect } from './forum-present.ts';
import { insertPost } from './posts.service.ts';
import { getThread, openThread } from './threads.service.ts';

/** Starting conversations among the same people waits for each other, so two at once never make two conversations. */
const SAME_PEOPLE_LOCK = 7263011;

/** The direct channel, created by the first conversation in its transaction. */
export async function ensureDirectChannel(tx: Queryable, createdBy: string, now: Date): Promise<ChannelRow> {
  const select = () => tx.query<ChannelRow>("SELECT c.*, NULL AS group_name FROM channels c WHERE c.kind = 'direct'");
  const [found] = await select();
  if (found) return found;
  await tx.query(
    `INSERT INTO channels (name, description, kind, created_by, created_at) VALUES ('Direct messages', $1, 'direct', $2, $3)
     ON CONFLICT (kind) WHERE kind = 'direct' DO NOTHING`,
    ['Conversations between named people, each TLP:RED to its participants.', createdBy, now],
  );
  return (await select())[0]!;
}

/** My untitled conversation with exactly these people (the latest, should there be several). */
async function untitledWith(tx: Queryable, actor: Actor, channel: ChannelRow, people: string[], now: Date): Promise<ThreadRow | undefined> {
  const params = new SqlParams([channel.id, people]);
  const rows = await tx.query<ThreadRow>(
    `${threadSelect} WHERE t.channel_id = $1 AND t.title = '' AND t.recipient_person_ids @> $2::uuid[] AND t.recipient_person_ids <@ $2::uuid[]
        AND ${visibleFilter(actor, now, params, sharedColumns('t'))}
      ORDER BY t.last_post_at DESC LIMIT 1`,
    params.values,
  );
  return rows[0];
}

/**
 * Sends a direct message to 1–20 people: a new conversation, or, without a title, the next message of my untitled
 * conversation with exactly the same people. Every participant must be an active person of an active member.
 */
export async function sendDirectMessage(
  ctx: AppContext,
  actor: Actor,
  input: { personIds: string[]; body: string; title?: string | undefined },
  ip: string,
) {
  if (!canContribute(actor)) throw new AppError('forbidden', 'Read-only members can receive direct messages but not write them.');
  const others = [...new Set(input.personIds)];
  if (others.includes(actor.personId)) throw new AppError('validation_failed', 'You cannot send a direct message to yourself.');
  const people = [actor.personId, ...others].sort();
  const now = ctx.clock.now();
  const { threadId, lastEventId } = await ctx.db.transaction(async (tx) => {
    const channel = await ensureDirectChannel(tx, actor.personId, now);
    const facts = await threadLabel(tx, actor, channel, { tlp: 'RED', audience: 'own_org', recipientPersonIds: people }, now);
    await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [SAME_PEOPLE_LOCK, people.join(',')]);
    const existing = input.title ? undefined : await untitledWith(tx, actor, channel, people, now);
    if (!existing) return openThread(ctx, tx, actor, channel, { title: input.title ?? '', body: input.body }, facts, now, ip);
    const reply = await replyLabel(tx, actor, channel, sharedItemFromRow(existing), {}, now);
    const post = await insertPost(ctx, tx, actor, channel, existing, { body: input.body, facts: reply, anonymous: false }, now, ip);
    return { threadId: existing.id, lastEventId: post.lastEventId };
  });
  ctx.events.announce(lastEventId);
  return getThread(ctx, actor, threadId);
}

/** My conversations, latest activity first: participants, posts, unread messages, whether the last one is mine. */
export async function listConversations(ctx: AppContext, actor: Actor) {
  const [channel] = await ctx.db.query<{ id: string }>("SELECT id FROM channels WHERE kind = 'direct'");
  if (!channel) return { channelId: null, items: [] };
  const now = ctx.clock.now();
  const params = new SqlParams([channel.id, actor.personId]);
  // The array containment narrows to my conversations through its index; the policy predicates decide.
  const rows = await ctx.db.query<{
    id: string;
    title: string;
    recipient_person_ids: string[];
    last_post_at: Date;
    posts: number;
    unread: number;
    last_author_id: string | null;
  }>(
    `SELECT t.id, t.title, t.recipient_person_ids, t.last_post_at, s.posts, s.unread, s.last_author_id
       FROM threads t LEFT JOIN thread_reads tr ON tr.thread_id = t.id AND tr.person_id = $2::uuid
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS posts,
               count(*) FILTER (WHERE p.position > COALESCE(tr.last_position, 0) AND p.author_id <> $2::uuid)::int AS unread,
               (array_agg(p.author_id ORDER BY p.position DESC))[1] AS last_author_id
          FROM posts p WHERE p.thread_id = t.id AND ${visibleFilter(actor, now, params, sharedColumns('p'))}) s
      WHERE t.channel_id = $1 AND t.recipient_person_ids @> ARRAY[$2::uuid] AND ${visibleFilter(actor, now, params, sharedColumns('t'))}
      ORDER BY t.last_post_at DESC, t.id LIMIT 200`,
    params.values,
  );
  const people = await participantsOf(
    ctx.db,
    rows.flatMap((r) => r.recipient_person_ids),
  );
  return {
    channelId: channel.id,
    items: rows.map((r) => ({
      id: r.id,
      title: r.title || null,
      participants: participantList(people, r.recipient_person_ids),
      lastPostAt: new Date(r.last_post_at).toISOString(),
      posts: r.posts,
      unread: r.unread,
      lastPostMine: r.last_author_id === actor.personId,
    })),
  };
}
