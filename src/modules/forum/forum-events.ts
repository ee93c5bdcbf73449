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
      payload: {
        data: { ...e.data, threadId: e.threadId, channelId: e.channelId, ...(e.postId ? { postId: e.postId } : {}) },
        contributor: e.contributor ?? null,
      },
    },
    at,
  );
}

export type NotificationKind = 'mention' | 'reply' | 'retraction' | 'correction';

/** A notification written, whose event is still to be appended (at the end of the transaction, under the lock). */
export interface PendingNotification {
  personId: string;
  facts: SharedItem[];
  threadId: string;
  postId: string;
  actorId: string;
  notification: Record<string, unknown>;
}

/**
 * Notifies each person who may read the item (channel, thread and post), skipping the actor; someone who cannot read it
 * is not told it exists. A reply notification is not repeated while an earlier one for the thread is unread. Returns the
 * notifications whose events appendNotificationEvents must write.
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
): Promise<PendingNotification[]> {
  const out: PendingNotification[] = [];
  for (const personId of new Set(input.personIds)) {
    if (personId === input.actorId) continue;
    const person = await loadActor(tx, personId);
    if (!person || !canSeeChannel(person, input.channel) || !input.facts.every((f) => canRead(person, f, at))) continue;
    if (input.kind === 'reply') {
      const unread = await tx.query(
        "SELECT 1 FROM notifications WHERE person_id = $1 AND thread_id = $2 AND kind = 'reply' AND read_at IS NULL LIMIT 1",
        [personId, input.threadId],
      );
      if (unread.length > 0) continue;
    }
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO notifications (person_id, kind, thread_id, post_id, actor_label, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [personId, input.kind, input.threadId, input.postId, input.actorLabel, at],
    );
    out.push({
      personId,
      facts: input.facts,
      threadId: input.threadId,
      postId: input.postId,
      actorId: input.actorId,
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
    });
  }
  return out;
}

/** Appends the live events of written notifications; returns the last event id (0 when there is none). */
export async function appendNotificationEvents(tx: Queryable, pending: readonly PendingNotification[], at: Date): Promise<number> {
  let last = 0;
  for (const n of pending) {
    last = await appendEvent(
      tx,
      {
        type: 'notification.created',
        actorId: n.actorId,
        personId: n.personId,
        threadId: n.threadId,
        postId: n.postId,
        facts: n.facts,
        payload: { data: { notification: n.notification }, contributor: null },
      },
      at,
    );
  }
  return last;
}

/** Everyone of these organisations (active people), for @organisation mentions. */
export async function peopleOfOrgs(tx: Queryable, orgIds: readonly string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const rows = await tx.query<{ id: string }>("SELECT id FROM people WHERE org_id = ANY($1::uuid[]) AND status = 'active' LIMIT 500", [
    orgIds,
  ]);
  return rows.map((r) => r.id);
}
