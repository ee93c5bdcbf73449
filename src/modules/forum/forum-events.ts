/**
 * The forum's events and notifications, written in the same transaction as the change. Payloads hold what any
 * permitted reader may see; the contributor of an anonymous item is kept apart and shown only to its own
 * organisation (the stream and webhooks decide with canSeeContributor).
 */
import type { Queryable } from '../../server/db/client.ts';
import { randomUUID } from 'node:crypto';
import { appendEvent, appendEvents, type EventType, type NewEvent } from '../events/index.ts';
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

/** A forum event as appended to the log. */
export function forumEventOf(e: ForumEventInput): NewEvent {
  return {
    type: e.type,
    actorId: e.actorId,
    threadId: e.threadId,
    postId: e.postId ?? null,
    facts: e.facts,
    payload: {
      data: { ...e.data, threadId: e.threadId, channelId: e.channelId, ...(e.postId ? { postId: e.postId } : {}) },
      contributor: e.contributor ?? null,
    },
  };
}

export async function forumEvent(tx: Queryable, e: ForumEventInput, at: Date): Promise<number> {
  return appendEvent(tx, forumEventOf(e), at);
}

export type NotificationKind = 'mention' | 'reply' | 'retraction' | 'correction' | 'direct_message';

/** A notification written, whose event is still to be appended (at the end of the transaction, under the lock). */
export interface PendingNotification {
  personId: string;
  facts: SharedItem[];
  threadId: string;
  postId: string;
  actorId: string;
  notification: Record<string, unknown>;
}

export interface NotificationInput {
  personIds: readonly string[];
  kind: NotificationKind;
  actorId: string;
  actorLabel: string;
  channel: ChannelRow;
  threadId: string;
  threadTitle: string;
  postId: string;
  facts: SharedItem[];
}

/**
 * Who of these people is to be notified: each who may read the item (channel, thread and post), not the actor; someone
 * who cannot read it is not told it exists. A reply or direct-message notification is not repeated while an earlier one
 * of its kind for the thread is unread. Reads only: a post plans its notifications before it locks its thread.
 */
export async function planNotifications(tx: Queryable, input: NotificationInput, at: Date): Promise<PendingNotification[]> {
  const out: PendingNotification[] = [];
  for (const personId of new Set(input.personIds)) {
    if (personId === input.actorId) continue;
    const person = await loadActor(tx, personId);
    if (!person || !canSeeChannel(person, input.channel) || !input.facts.every((f) => canRead(person, f, at))) continue;
    if (input.kind === 'reply' || input.kind === 'direct_message') {
      const unread = await tx.query(
        'SELECT 1 FROM notifications WHERE person_id = $1 AND thread_id = $2 AND kind = $3 AND read_at IS NULL LIMIT 1',
        [personId, input.threadId, input.kind],
      );
      if (unread.length > 0) continue;
    }
    out.push({
      personId,
      facts: input.facts,
      threadId: input.threadId,
      postId: input.postId,
      actorId: input.actorId,
      notification: {
        id: randomUUID(),
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

/** Writes planned notifications (one statement); their events are appended by appendNotificationEvents. */
export async function writeNotifications(tx: Queryable, pending: readonly PendingNotification[], at: Date): Promise<void> {
  if (pending.length === 0) return;
  const n = pending.map((p) => p.notification as { id: string; kind: string; actorLabel: string });
  await tx.query(
    `INSERT INTO notifications (id, person_id, kind, thread_id, post_id, actor_label, created_at)
     SELECT u.*, $7::timestamptz FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::text[]) AS u`,
    [
      n.map((x) => x.id),
      pending.map((p) => p.personId),
      n.map((x) => x.kind),
      pending.map((p) => p.threadId),
      pending.map((p) => p.postId),
      n.map((x) => x.actorLabel),
      at,
    ],
  );
}

/** Plans and writes notifications; returns those whose events appendNotificationEvents must write. */
export async function notifyPeople(tx: Queryable, input: NotificationInput, at: Date): Promise<PendingNotification[]> {
  const pending = await planNotifications(tx, input, at);
  await writeNotifications(tx, pending, at);
  return pending;
}

/** The live events of written notifications. */
export function notificationEvents(pending: readonly PendingNotification[]): NewEvent[] {
  return pending.map((n) => ({
    type: 'notification.created',
    actorId: n.actorId,
    personId: n.personId,
    threadId: n.threadId,
    postId: n.postId,
    facts: n.facts,
    payload: { data: { notification: n.notification }, contributor: null },
  }));
}

/** Appends the live events of written notifications; returns the last event id (0 when there is none). */
export async function appendNotificationEvents(tx: Queryable, pending: readonly PendingNotification[], at: Date): Promise<number> {
  return appendEvents(tx, notificationEvents(pending), at);
}

/** Everyone of these organisations (active people), for @organisation mentions. */
export async function peopleOfOrgs(tx: Queryable, orgIds: readonly string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const rows = await tx.query<{ id: string }>("SELECT id FROM people WHERE org_id = ANY($1::uuid[]) AND status = 'active' LIMIT 500", [
    orgIds,
  ]);
  return rows.map((r) => r.id);
}
