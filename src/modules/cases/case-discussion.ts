/**
 * Case discussion, one thread per vendor: the ISAO's coordinators and that vendor's people talk in it, and no other
 * vendor sees it. Unread markers per person and thread; "what changed since my last visit" over the change log.
 * Reaching a case goes through case-access (coordinator or vendor of the case, else 404).
 */
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, canContribute } from '../policy/index.ts';
import { caseRole } from './case-access.ts';
import { mailExternalVendorMessage } from './external-vendors.service.ts';

const EVENTS = 'events';

/** The threads this person may read: every vendor's for coordinators, their own organisation's for a vendor. */
async function threadIds(db: Queryable, actor: Actor, caseId: string): Promise<{ role: 'coordinator' | 'vendor'; orgIds: string[] }> {
  const role = await caseRole(db, actor, caseId);
  if (role === 'vendor') return { role, orgIds: [actor.orgId] };
  const rows = await db.query<{ org_id: string }>('SELECT org_id FROM case_vendors WHERE case_id = $1', [caseId]);
  return { role, orgIds: rows.map((r) => r.org_id) };
}

async function lastRead(db: Queryable, caseId: string, personId: string): Promise<Map<string, number>> {
  const rows = await db.query<{ thread_key: string; last_position: number }>(
    'SELECT thread_key, last_position FROM case_reads WHERE case_id = $1 AND person_id = $2',
    [caseId, personId],
  );
  return new Map(rows.map((r) => [r.thread_key, r.last_position]));
}

/** The threads with their unread counts, and how many change-log entries are new since my last visit. */
export async function listThreads(ctx: AppContext, actor: Actor, caseId: string) {
  const { orgIds } = await threadIds(ctx.db, actor, caseId);
  const read = await lastRead(ctx.db, caseId, actor.personId);
  const rows = await ctx.db.query<{ org_id: string; org_name: string; posts: number; last_position: number; last_at: Date | null }>(
    `SELECT cv.org_id, o.name AS org_name, count(p.position)::int AS posts, COALESCE(max(p.position), 0) AS last_position, max(p.created_at) AS last_at
       FROM case_vendors cv JOIN organisations o ON o.id = cv.org_id
       LEFT JOIN case_posts p ON p.case_id = cv.case_id AND p.thread_org_id = cv.org_id
      WHERE cv.case_id = $1 AND cv.org_id = ANY($2::uuid[]) GROUP BY cv.org_id, o.name ORDER BY o.name`,
    [caseId, orgIds],
  );
  const [events] = (await ctx.db.query<{ last: number }>('SELECT COALESCE(max(position), 0) AS last FROM case_events WHERE case_id = $1', [
    caseId,
  ])) as [{ last: number }];
  const seenEvents = read.get(EVENTS) ?? 0;
  return {
    threads: rows.map((r) => ({
      orgId: r.org_id,
      orgName: r.org_name,
      posts: r.posts,
      unread: Math.max(0, r.last_position - (read.get(r.org_id) ?? 0)),
      lastPostAt: r.last_at ? new Date(r.last_at).toISOString() : null,
    })),
    // What others changed: a vendor's change log excludes other vendors' entries, and nobody's own changes are news.
    newEvents: await countVisibleEvents(ctx.db, actor, caseId, seenEvents),
    lastEventPosition: events.last,
  };
}

async function countVisibleEvents(db: Queryable, actor: Actor, caseId: string, after: number): Promise<number> {
  const role = await caseRole(db, actor, caseId);
  const [row] = (await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND position > $2 AND actor_id IS DISTINCT FROM $3
       ${role === 'vendor' ? 'AND (org_id IS NULL OR org_id = $4)' : ''}`,
    role === 'vendor' ? [caseId, after, actor.personId, actor.orgId] : [caseId, after, actor.personId],
  )) as [{ n: number }];
  return row.n;
}

async function assertThread(db: Queryable, actor: Actor, caseId: string, orgId: string) {
  const { orgIds } = await threadIds(db, actor, caseId);
  // Another vendor's thread answers like a thread that does not exist.
  if (!orgIds.includes(orgId)) throw new AppError('not_found');
}

/** One thread's posts, each marked new after position `seen`; an external vendor's contact writes for its organisation. */
export async function threadPosts(db: Queryable, caseId: string, orgId: string, seen: number) {
  const rows = await db.query<{
    position: number;
    author_name: string;
    author_org: string;
    author_kind: string;
    body: string;
    created_at: Date;
  }>(
    `SELECT p.position, COALESCE(pe.name, p.author_label) AS author_name, o.name AS author_org, o.kind AS author_kind, p.body, p.created_at
       FROM case_posts p LEFT JOIN people pe ON pe.id = p.author_id JOIN organisations o ON o.id = COALESCE(pe.org_id, p.thread_org_id)
      WHERE p.case_id = $1 AND p.thread_org_id = $2 ORDER BY p.position`,
    [caseId, orgId],
  );
  return {
    orgId,
    posts: rows.map((r) => ({
      position: r.position,
      authorName: r.author_name,
      authorOrg: r.author_org,
      fromCoordinator: r.author_kind === 'operator',
      body: r.body,
      createdAt: new Date(r.created_at).toISOString(),
      new: r.position > seen,
    })),
  };
}

/** One thread's posts, each marked new when I have not seen it. */
export async function readThread(ctx: AppContext, actor: Actor, caseId: string, orgId: string) {
  await assertThread(ctx.db, actor, caseId, orgId);
  return threadPosts(ctx.db, caseId, orgId, (await lastRead(ctx.db, caseId, actor.personId)).get(orgId) ?? 0);
}

/**
 * Appends a post to a vendor's thread in the caller's transaction; the author is a person's id, or the label of an external
 * vendor's contact. Returns its position.
 */
export async function appendPost(
  tx: Queryable,
  caseId: string,
  orgId: string,
  author: string | { label: string },
  body: string,
  now: Date,
): Promise<number> {
  await tx.query('SELECT org_id FROM case_vendors WHERE case_id = $1 AND org_id = $2 FOR UPDATE', [caseId, orgId]);
  const [row] = (await tx.query<{ position: number }>(
    `INSERT INTO case_posts (case_id, thread_org_id, position, author_id, author_label, body, created_at)
     SELECT $1, $2, COALESCE(max(position), 0) + 1, $3, $4, $5, $6 FROM case_posts WHERE case_id = $1 AND thread_org_id = $2 RETURNING position`,
    [caseId, orgId, typeof author === 'string' ? author : null, typeof author === 'string' ? null : author.label, body, now],
  )) as [{ position: number }];
  return row.position;
}

/** Posts in a thread: coordinators in any, a vendor's people who may write in their own. */
export async function postInThread(ctx: AppContext, actor: Actor, caseId: string, orgId: string, body: string, ip: string) {
  await assertThread(ctx.db, actor, caseId, orgId);
  if (!canContribute(actor)) throw new AppError('forbidden', 'Read-only members cannot post.');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const position = await appendPost(tx, caseId, orgId, actor.personId, body, now);
    await markRead(tx, caseId, actor.personId, orgId, position, now);
    await appendAudit(tx, {
      actor,
      action: 'case.posted',
      targetType: 'case',
      targetId: caseId,
      ip,
      detail: { threadOrgId: orgId },
      at: now,
    });
  });
  // A vendor that is not a member has only its email to learn that the coordinators wrote.
  await mailExternalVendorMessage(ctx, caseId, orgId);
  return readThread(ctx, actor, caseId, orgId);
}

async function markRead(db: Queryable, caseId: string, personId: string, key: string, position: number, now: Date) {
  await db.query(
    `INSERT INTO case_reads (case_id, person_id, thread_key, last_position, seen_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (case_id, person_id, thread_key) DO UPDATE SET last_position = GREATEST(case_reads.last_position, excluded.last_position), seen_at = excluded.seen_at`,
    [caseId, personId, key, position, now],
  );
}

/** I have read a thread up to a post, or the change log up to an entry ("events"). */
export async function markSeen(ctx: AppContext, actor: Actor, caseId: string, body: { thread: string; position: number }) {
  if (body.thread === EVENTS) await caseRole(ctx.db, actor, caseId);
  else await assertThread(ctx.db, actor, caseId, body.thread);
  await markRead(ctx.db, caseId, actor.personId, body.thread, body.position, ctx.clock.now());
  return listThreads(ctx, actor, caseId);
}
