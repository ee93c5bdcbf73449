/**
 * The forum's events and notifications, written in the same transaction as the change. Payloads hold what any
 * permitted reader may see; the contributor of an anonymous item is kept apart and shown only to its own
 * organisation (the stream and webhooks decide with canSeeContributor).
 */
import type { Queryable } from '../../server/db/client.ts';
import { appendEvent, type EventType } from '../events/index.ts';
import { loadActor } from '../members/actor-loader.ts';
import { type SharedItem, canRead } from '../policy/index.ts';
import { canSeeChannel, type ChannelRow } from './forum-access.ts';

export interface ForumEventInput {
  type: EventType;
  actorId: string;
  threadId: string;
  postId?: string | null;
  channelId: string;
  facts: SharedItem[];
  data: Record<string, unknown>;
  /** Where in data the contributor goes for readers who may see it ('post' or 'thread'), and what it is. */
  contributor?: { path: 'post' | 'thread'; value: Record<string, unknown> } | null;
}

export async function forumEvent(tx: Queryable, e: ForumEventInput, at: Date): Promise<number> {
  return appendEvent(
    tx,
    {
      type: e.type,
      actorId: e.actorId,
      threadId: e.threadId,
      postId: e.postId ?? null,
      facts: e.facts,
      payload: { data: { ...e.data, threadId: e.threadId, channelId: e.channelId, ...(e.postId ? { postId: e.postId } : {}) }, contributor: e.contributor ?? null },
    },
    at,
  );
}

export type NotificationKind = 'mention' | 'reply' | 'retraction' | 'correction';

/**
 * Notifies each person who may read the item (channel, thread and post), skipping the actor. Returns the last event id.
 * Someone who cannot read it is not told it exists.
 */
export async function notifyPeople(
  tx: Queryable,
  input: {
    personIds: readonly string[];
    kind: NotificationKind;
    actorId: string;
    actorLabel: string;
    channel: ChannelRow;
    threadId: string;
    threadTitle: string;
    postId: string;
    facts: SharedItem[];
  },
  at: Date,
): Promise<number> {
  let last = 0;
  for (const personId of new Set(input.personIds)) {
    if (personId === input.actorId) continue;
    const person = await loadActor(tx, personId);
    if (!person || !canSeeChannel(person, input.channel) || !input.facts.every((f) => canRead(person, f, at))) continue;
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO notifications (person_id, kind, thread_id, post_id, actor_label, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [personId, input.kind, input.threadId, input.postId, input.actorLabel, at],
    );
    last = await appendEvent(
      tx,
      {
        type: 'notification.created',
        actorId: input.actorId,
        personId,
        threadId: input.threadId,
        postId: input.postId,
        facts: input.facts,
        payload: {
          data: {
            notification: {
              id: rows[0]!.id,
              kind: input.kind,
              threadId: input.threadId,
              postId: input.postId,
              threadTitle: input.threadTitle,
              actorLabel: input.actorLabel,
              createdAt: at.toISOString(),
              read: false,
            },
          },
          contributor: null,
        },
      },
      at,
    );
  }
  return last;
}

/** Everyone of these organisations (active people), for @organisation mentions. */
export async function peopleOfOrgs(tx: Queryable, orgIds: readonly string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const rows = await tx.query<{ id: string }>("SELECT id FROM people WHERE org_id = ANY($1::uuid[]) AND status = 'active' LIMIT 500", [orgIds]);
  return rows.map((r) => r.id);
}
