import { containsPattern, escapeLike } from '../../server/db/sql-text.ts';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { type Actor, SqlParams, isOrgAdminOf, isPlatformAdmin } from '../policy/index.ts';
import type { AuditRow } from './audit-chain.ts';
import { verifyAuditChain } from './audit-verify.ts';

/** Filters of the audit browser. */
export interface AuditFilter {
  action?: string | undefined;
  actor?: string | undefined;
  orgId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: number | undefined;
  limit: number;
}

/**
 * Browses the audit log: platform admins see everything; an organisation's admins see the records
 * of their own organisation's people only.
 */
export async function listAuditEvents(ctx: AppContext, actor: Actor, f: AuditFilter) {
  const all = isPlatformAdmin(actor);
  if (!all && !isOrgAdminOf(actor, actor.orgId)) throw new AppError('forbidden');
  const p = new SqlParams();
  const where: string[] = [];
  // Records of anonymous contributions never tell other organisations who made them: they are not
  // found by actor or organisation, and their actor is masked below (reveals go through the audited route).
  const notAnonymousElsewhere = () =>
    `NOT (e.detail->>'anonymous' = 'true' AND e.actor_org_id IS DISTINCT FROM ${p.add(actor.orgId)}::uuid)`;
  if (!all) where.push(`e.actor_org_id = ${p.add(actor.orgId)}::uuid`);
  else if (f.orgId) where.push(`e.actor_org_id = ${p.add(f.orgId)}::uuid`, notAnonymousElsewhere());
  if (f.action) where.push(`e.action LIKE ${p.add(`${escapeLike(f.action)}%`)}`);
  if (f.actor) where.push(`e.actor_label ILIKE ${p.add(containsPattern(f.actor))}`, notAnonymousElsewhere());
  if (f.from) where.push(`e.at >= ${p.add(new Date(f.from))}`);
  if (f.to) where.push(`e.at <= ${p.add(new Date(f.to))}`);
  if (f.before) where.push(`e.seq < ${p.add(f.before)}`);
  const rows = await ctx.db.query<AuditRow>(
    `SELECT e.* FROM audit_events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.seq DESC LIMIT ${p.add(f.limit + 1)}`,
    p.values,
  );
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((r) => {
      const masked = r.detail.anonymous === true && r.actor_org_id !== actor.orgId;
      return {
        seq: Number(r.seq),
        at: new Date(r.at).toISOString(),
        actorPersonId: masked ? null : r.actor_person_id,
        actorOrgId: masked ? null : r.actor_org_id,
        actorLabel: masked ? 'anonymous contributor' : r.actor_label,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        ip: masked ? null : r.ip,
        detail: r.detail,
        hash: r.hash,
      };
    }),
    nextBefore: rows.length > f.limit ? Number(page.at(-1)!.seq) : null,
  };
}

/** Recomputes the whole chain (platform admins). */
export async function verifyChain(ctx: AppContext, actor: Actor) {
  if (!isPlatformAdmin(actor)) throw new AppError('forbidden');
  return verifyAuditChain(ctx.db);
}
