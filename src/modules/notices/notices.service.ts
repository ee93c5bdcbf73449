import type { AppContext } from '../../server/context.ts';
import { readCache } from '../../server/db/read-cache.ts';
import { AppError } from '../../server/http/errors.ts';
import { reusableResult } from '../../server/http/reusable-result.ts';
import { isAudienceAllowed, tlpCap } from '../../shared/tlp.ts';
import { type Audience, type OrgKind, type Tlp, anonymousLabel } from '../../shared/vocabulary.ts';
import { appendAudit, revealContributorAudited } from '../audit/index.ts';
import {
  type Actor,
  type SharedRow,
  SqlParams,
  canContribute,
  canRead,
  canSeeContributor,
  canSeeRecipients,
  isPlatformAdmin,
  readerCacheKey,
  sharedColumns,
  sharedItemFromRow,
  visibleFilter,
} from '../policy/index.ts';

interface NoticeRow extends SharedRow {
  id: string;
  title: string;
  body: string;
  embargo_until: Date | null;
  created_at: Date;
  org_name: string;
  org_kind: OrgKind;
  author_name: string;
}

const select = `SELECT n.*, o.name AS org_name, o.kind AS org_kind, p.name AS author_name
  FROM notices n JOIN organisations o ON o.id = n.owner_org_id JOIN people p ON p.id = n.author_id`;

const asItem = (r: NoticeRow) => sharedItemFromRow(r);

/** A notice as this reader may see it: anonymity and recipient lists are decided by the policy. */
function present(reader: Actor | null, r: NoticeRow) {
  const item = asItem(r);
  const showContributor = canSeeContributor(reader, item);
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    tlp: r.tlp,
    audience: r.audience,
    anonymous: r.anonymous,
    contributor: showContributor ? { orgId: r.owner_org_id, orgName: r.org_name, personId: r.author_id, personName: r.author_name } : null,
    contributorLabel: r.anonymous ? (showContributor ? `${r.org_name} (shared anonymously)` : anonymousLabel(r.org_kind)) : r.org_name,
    contributorKind: r.org_kind,
    embargoUntil: r.embargo_until ? new Date(r.embargo_until).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
    recipients: canSeeRecipients(reader, item)
      ? { orgIds: r.recipient_org_ids, personIds: r.recipient_person_ids, groupId: r.group_id }
      : null,
  };
}

function decodeCursor(cursor: string): [Date, string] {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (
    Number.isNaN(date.getTime()) ||
    date.getUTCFullYear() < 1 ||
    date.getUTCFullYear() > 9999 ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id ?? '')
  )
    throw new AppError('validation_failed', 'query.cursor: not a cursor this server issued');
  return [date, id!];
}

type NoticePage = { items: ReturnType<typeof present>[]; nextCursor: string | null };

// A page is kept for at most this long even when nothing changes, so an embargo query that missed is bounded too.
const PAGE_MAX_AGE_MS = 5 * 60_000;
const pages = (ctx: AppContext) =>
  readCache<{ page: NoticePage; bytes: number }>(ctx.db.changes, 'notice-pages', {
    maxEntries: 2_000,
    maxBytes: 64 << 20,
    sizeOf: (v) => v.bytes,
    // The reader's groups are in the key; the group tables are here too, to be safe.
    dependsOn: ['notices', 'organisations', 'people', 'sharing_groups', 'sharing_group_members'],
  });

const embargoEnds = (ctx: AppContext) => readCache<number>(ctx.db.changes, 'next-embargo-end', { maxEntries: 1, dependsOn: ['notices'] });

/**
 * When the next embargo of any notice ends (ms; Infinity when none is running). Every page depends on it, so it is
 * read once per change of the notices, not once per page.
 */
async function nextEmbargoEndAfter(ctx: AppContext, now: Date): Promise<number> {
  return embargoEnds(ctx).load('', now.getTime(), async () => {
    const [next] = await ctx.db.query<{ at: Date | null }>('SELECT min(embargo_until) AS at FROM notices WHERE embargo_until > $1', [now]);
    const at = next?.at ? new Date(next.at).getTime() : Number.POSITIVE_INFINITY;
    return { value: at, validUntil: at };
  });
}

/**
 * The notices this reader may see, newest first, filtered by the policy in the database. A page is kept in a read
 * cache per reader (readerCacheKey) and query until any write, or until the next embargo ends.
 */
export async function listNotices(
  ctx: AppContext,
  reader: Actor | null,
  q: { limit: number; cursor?: string | undefined; tlp?: Tlp | undefined },
): Promise<NoticePage> {
  const now = ctx.clock.now();
  const cache = pages(ctx);
  const key = `${readerCacheKey(reader)}|${q.limit}|${q.cursor ?? ''}|${q.tlp ?? ''}`;
  const made = await cache.load(key, now.getTime(), () => readPage(ctx, reader, q, now));
  return made.page;
}

async function readPage(
  ctx: AppContext,
  reader: Actor | null,
  q: { limit: number; cursor?: string | undefined; tlp?: Tlp | undefined },
  now: Date,
): Promise<{ value: { page: NoticePage; bytes: number }; validUntil: number }> {
  const params = new SqlParams();
  const where = [visibleFilter(reader, now, params, sharedColumns('n'))];
  if (q.tlp) where.push(`n.tlp = ${params.add(q.tlp)}`);
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor);
    where.push(`(n.created_at, n.id) < (${params.add(at)}, ${params.add(id)}::uuid)`);
  }
  const limit = params.add(q.limit + 1);
  const rows = await ctx.db.query<NoticeRow>(
    `${select} WHERE ${where.join(' AND ')} ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit}`,
    params.values,
  );
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const result = reusableResult({
    items: page.map((r) => present(reader, r)),
    nextCursor:
      rows.length > q.limit && last ? Buffer.from(`${new Date(last.created_at).toISOString()}|${last.id}`).toString('base64url') : null,
  });
  // What the list shows changes by itself when an embargo ends: the page is valid until the next one does.
  const nextEmbargoEnd = await nextEmbargoEndAfter(ctx, now);
  const bytes = result.items.reduce((n, i) => n + i.title.length + i.body.length + 600, 200);
  return { value: { page: result, bytes }, validUntil: Math.min(nextEmbargoEnd, now.getTime() + PAGE_MAX_AGE_MS) };
}

async function loadReadable(ctx: AppContext, reader: Actor | null, id: string): Promise<NoticeRow> {
  const rows = await ctx.db.query<NoticeRow>(`${select} WHERE n.id = $1`, [id]);
  const row = rows[0];
  // Not visible and not existing answer the same, so probing ids learns nothing.
  if (!row || !canRead(reader, asItem(row), ctx.clock.now())) throw new AppError('not_found');
  return row;
}

/** One notice, when the reader may see it. */
export async function getNotice(ctx: AppContext, reader: Actor | null, id: string) {
  return present(reader, await loadReadable(ctx, reader, id));
}

/** What a new notice carries. */
export interface NoticeInput {
  title: string;
  body: string;
  tlp: Tlp;
  audience: Audience;
  recipientOrgIds?: string[] | undefined;
  recipientPersonIds?: string[] | undefined;
  groupId?: string | undefined;
  anonymous?: boolean | undefined;
  embargoUntil?: string | undefined;
}

/** Shares a notice. The label caps the audience; RED needs named people; an embargo must lie ahead. */
export async function createNotice(ctx: AppContext, actor: Actor, input: NoticeInput, ip: string) {
  if (!canContribute(actor)) throw new AppError('forbidden', 'Read-only members cannot share.');
  if (!isAudienceAllowed(input.tlp, input.audience)) {
    throw new AppError(
      'validation_failed',
      `TLP:${input.tlp} allows at most the audience "${tlpCap[input.tlp]}"; the audience can only narrow the label.`,
    );
  }
  const people = [...new Set(input.recipientPersonIds ?? [])];
  const orgIds = [...new Set(input.recipientOrgIds ?? [])];
  if (input.tlp === 'RED' && people.length === 0) throw new AppError('validation_failed', 'TLP:RED needs at least one named recipient.');
  if (input.audience === 'orgs' && orgIds.length === 0)
    throw new AppError('validation_failed', 'Name at least one recipient organisation.');
  if (input.audience === 'group' && !input.groupId) throw new AppError('validation_failed', 'Choose the sharing group.');
  if (input.audience !== 'group' && input.groupId)
    throw new AppError('validation_failed', 'A group is only used with the audience "group".');
  if (input.audience !== 'orgs' && orgIds.length > 0)
    throw new AppError('validation_failed', 'Recipient organisations are only used with the audience "orgs".');
  const now = ctx.clock.now();
  const embargo = input.embargoUntil ? new Date(input.embargoUntil) : null;
  if (embargo && embargo.getTime() <= now.getTime()) throw new AppError('validation_failed', 'The embargo must end in the future.');
  if (input.groupId && !actor.groupIds.includes(input.groupId))
    throw new AppError('validation_failed', 'Your organisation is not in that sharing group.');

  const id = await ctx.db.transaction(async (tx) => {
    if (orgIds.length > 0) {
      const found = await tx.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM organisations WHERE id = ANY($1::uuid[]) AND status = 'active'",
        [orgIds],
      );
      if (found[0]?.n !== orgIds.length) throw new AppError('validation_failed', 'Every recipient organisation must be an active member.');
    }
    if (people.length > 0) {
      const found = await tx.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM people p JOIN organisations o ON o.id = p.org_id WHERE p.id = ANY($1::uuid[]) AND p.status = 'active' AND o.status = 'active'",
        [people],
      );
      if (found[0]?.n !== people.length)
        throw new AppError('validation_failed', 'Every named recipient must be an active person of a member organisation.');
    }
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO notices (title, body, tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids, group_id, anonymous, embargo_until, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
      [
        input.title,
        input.body,
        input.tlp,
        input.audience,
        actor.orgId,
        actor.personId,
        orgIds,
        people,
        input.groupId ?? null,
        input.anonymous ?? false,
        embargo,
        now,
      ],
    );
    const noticeId = rows[0]!.id;
    await appendAudit(tx, {
      actor,
      action: 'notice.created',
      targetType: 'notice',
      targetId: noticeId,
      ip,
      detail: { tlp: input.tlp, audience: input.audience, anonymous: input.anonymous ?? false },
      at: now,
    });
    return noticeId;
  });
  return getNotice(ctx, actor, id);
}

/** Reveals who shared an anonymous notice: platform admins only, and every look is audited. */
export async function revealContributor(ctx: AppContext, actor: Actor, id: string, ip: string) {
  if (!isPlatformAdmin(actor)) throw new AppError('forbidden', 'Only the ISAO platform admins may see who shared anonymously.');
  const row = await loadReadable(ctx, actor, id);
  return revealContributorAudited(ctx, actor, { type: 'notice', id }, row, ip);
}
