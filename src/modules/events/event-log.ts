/**
 * The event log: what live delivery, notifications and webhooks read. Ids are dense and follow commit order: they are
 * assigned as max + 1 under the audit lock, which is held until the writing transaction ends, so when a node sees id n
 * every id below n is committed (or was never used). A client that resumes from its last id misses nothing.
 */
import type { Queryable } from '../../server/db/client.ts';
import type { Tlp, Audience } from '../../shared/vocabulary.ts';
import { takeAuditLock } from '../audit/index.ts';
import type { SharedItem } from '../policy/index.ts';

/** The kinds of event; `access.changed` is internal (never sent to clients): it makes nodes reload who may read what. */
export const eventTypes = [
  'thread.created',
  'thread.updated',
  'post.created',
  'post.edited',
  'post.retracted',
  'post.hidden',
  'reaction.changed',
  'notification.created',
  'access.changed',
] as const;
export type EventType = (typeof eventTypes)[number];

/** Event types an organisation can subscribe a webhook to. */
export const webhookEventTypes = [
  'thread.created',
  'post.created',
  'post.edited',
  'post.retracted',
] as const satisfies readonly EventType[];

/** SharedItem as stored in JSON (dates as ISO text). */
export interface StoredFacts {
  tlp: Tlp;
  audience: Audience;
  ownerOrgId: string;
  authorId: string;
  recipientOrgIds: string[];
  recipientPersonIds: string[];
  groupId: string | null;
  anonymous: boolean;
  embargoUntil: string | null;
}

export interface NewEvent {
  type: EventType;
  actorId: string | null;
  /** Only this person receives it (notifications). */
  personId?: string | null;
  threadId?: string | null;
  postId?: string | null;
  /** Every reader must pass all of these (the thread's and the post's policy facts). Empty: no policy restriction beyond personId. */
  facts: readonly SharedItem[];
  payload: Record<string, unknown>;
}

export interface StoredEvent {
  id: number;
  at: Date;
  type: EventType;
  actorId: string | null;
  personId: string | null;
  threadId: string | null;
  postId: string | null;
  facts: SharedItem[];
  payload: Record<string, unknown>;
}

export function factsToJson(item: SharedItem): StoredFacts {
  return {
    tlp: item.tlp,
    audience: item.audience,
    ownerOrgId: item.ownerOrgId,
    authorId: item.authorId,
    recipientOrgIds: [...item.recipientOrgIds],
    recipientPersonIds: [...item.recipientPersonIds],
    groupId: item.groupId,
    anonymous: item.anonymous,
    embargoUntil: item.embargoUntil ? item.embargoUntil.toISOString() : null,
  };
}

function factsFromJson(f: StoredFacts): SharedItem {
  return { ...f, embargoUntil: f.embargoUntil ? new Date(f.embargoUntil) : null };
}

/** Appends an event in the caller's transaction and returns its id. Announce it (EventHub.announce) after commit. */
export async function appendEvent(tx: Queryable, event: NewEvent, at: Date): Promise<number> {
  return appendEvents(tx, [event], at);
}

/**
 * Appends events in the caller's transaction, in this order, in one statement; returns the last id (0 for none). The
 * audit lock makes max + 1 safe and the ids follow commit order.
 */
export async function appendEvents(tx: Queryable, events: readonly NewEvent[], at: Date): Promise<number> {
  if (events.length === 0) return 0;
  await takeAuditLock(tx);
  const rows = events.map((e) => ({
    type: e.type,
    actor_id: e.actorId,
    person_id: e.personId ?? null,
    thread_id: e.threadId ?? null,
    post_id: e.postId ?? null,
    facts: e.facts.map(factsToJson),
    payload: e.payload,
  }));
  const [last] = await tx.query<{ id: number }>(
    `WITH base AS (SELECT COALESCE(max(id), 0) AS id FROM events),
     added AS (
       INSERT INTO events (id, at, type, actor_id, person_id, thread_id, post_id, facts, payload)
       SELECT base.id + e.n, $1, e.type, e.actor_id, e.person_id, e.thread_id, e.post_id, e.facts, e.payload
         FROM base,
           ROWS FROM (jsonb_to_recordset($2::jsonb)
             AS (type text, actor_id uuid, person_id uuid, thread_id uuid, post_id uuid, facts jsonb, payload jsonb))
           WITH ORDINALITY AS e(type, actor_id, person_id, thread_id, post_id, facts, payload, n)
       RETURNING id)
     SELECT max(id) AS id FROM added`,
    [at, JSON.stringify(rows)],
  );
  return Number(last!.id);
}

interface EventRow {
  id: number | string;
  at: Date;
  type: EventType;
  actor_id: string | null;
  person_id: string | null;
  thread_id: string | null;
  post_id: string | null;
  facts: StoredFacts[] | string;
  payload: Record<string, unknown> | string;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function fromRow(r: EventRow): StoredEvent {
  return {
    id: Number(r.id),
    at: new Date(r.at),
    type: r.type,
    actorId: r.actor_id,
    personId: r.person_id,
    threadId: r.thread_id,
    postId: r.post_id,
    facts: json<StoredFacts[]>(r.facts).map(factsFromJson),
    payload: json<Record<string, unknown>>(r.payload),
  };
}

/** Events after `after`, up to `upTo` (inclusive), oldest first, at most `limit`. */
export async function readEvents(db: Queryable, after: number, upTo: number, limit: number): Promise<StoredEvent[]> {
  const rows = await db.query<EventRow>('SELECT * FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3', [after, upTo, limit]);
  return rows.map(fromRow);
}

/** The newest event id (0 when there is none). */
export async function lastEventId(db: Queryable): Promise<number> {
  const rows = await db.query<{ id: number | string | null }>('SELECT max(id) AS id FROM events');
  return Number(rows[0]?.id ?? 0);
}

/** Replaces the payload of every earlier event about a post (retraction, hiding): nothing retracted is replayed. */
export async function scrubPostEvents(tx: Queryable, postId: string, payload: Record<string, unknown>): Promise<void> {
  await tx.query(`UPDATE events SET payload = payload || $2::jsonb WHERE post_id = $1 AND type IN ('post.created', 'post.edited')`, [
    postId,
    JSON.stringify(payload),
  ]);
}

/**
 * Records that who may read what changed (group membership, roles, status, a revoked session or token). Every node
 * reloads the affected streams before delivering any later event, so a removed member stops receiving at once.
 */
export async function appendAccessChanged(
  tx: Queryable,
  scope: { personIds?: string[]; orgIds?: string[]; all?: boolean },
  actorId: string | null,
  at: Date,
): Promise<number> {
  return appendEvent(tx, { type: 'access.changed', actorId, facts: [], payload: scope }, at);
}
