import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { OrgKind } from '../../shared/vocabulary.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, isOperatorStaff } from '../policy/index.ts';
import { iso } from './presenters.ts';

interface ApplicationRow {
  id: string;
  org_id: string;
  org_name: string;
  org_kind: OrgKind;
  country: string | null;
  website: string | null;
  applicant_id: string;
  applicant_name: string;
  applicant_email: string;
  message: string;
  status: 'pending' | 'approved' | 'rejected';
  created_at: Date;
  decided_at: Date | null;
  reason: string | null;
  agreement_version: string | null;
  agreement_accepted_at: Date | null;
}

const selectApplications = `SELECT a.id, a.org_id, o.name AS org_name, o.kind AS org_kind, o.country, o.website,
    a.applicant_id, p.name AS applicant_name, p.email AS applicant_email, a.message, a.status, a.created_at, a.decided_at, a.reason,
    acc.version AS agreement_version, acc.accepted_at AS agreement_accepted_at
  FROM membership_applications a
  JOIN organisations o ON o.id = a.org_id
  JOIN people p ON p.id = a.applicant_id
  LEFT JOIN LATERAL (SELECT version, accepted_at FROM agreement_acceptances x WHERE x.org_id = a.org_id ORDER BY accepted_at LIMIT 1) acc ON true`;

const present = (r: ApplicationRow) => ({
  id: r.id,
  organisation: { id: r.org_id, name: r.org_name, kind: r.org_kind, country: r.country, website: r.website },
  applicant: { id: r.applicant_id, name: r.applicant_name, email: r.applicant_email },
  message: r.message,
  status: r.status,
  agreementVersion: r.agreement_version,
  agreementAcceptedAt: iso(r.agreement_accepted_at),
  createdAt: iso(r.created_at)!,
  decidedAt: iso(r.decided_at),
  reason: r.reason,
});

/** The application queue, for ISAO staff. */
export async function listApplications(ctx: AppContext, actor: Actor, status?: 'pending' | 'approved' | 'rejected') {
  if (!isOperatorStaff(actor)) throw new AppError('forbidden');
  const rows = await ctx.db.query<ApplicationRow>(
    `${selectApplications} WHERE ($1::text IS NULL OR a.status = $1) ORDER BY a.created_at DESC`,
    [status ?? null],
  );
  return { items: rows.map(present) };
}

/** Approves or rejects a pending application (ISAO staff); the organisation becomes active or rejected. */
export async function decideApplication(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  decision: 'approved' | 'rejected',
  reason: string | null,
  ip: string,
) {
  if (!isOperatorStaff(actor)) throw new AppError('forbidden');
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ org_id: string; status: string; applicant_email: string; org_name: string }>(
      `SELECT a.org_id, a.status, p.email AS applicant_email, o.name AS org_name FROM membership_applications a
       JOIN people p ON p.id = a.applicant_id JOIN organisations o ON o.id = a.org_id WHERE a.id = $1 FOR UPDATE OF a`,
      [applicationId],
    );
    const app = rows[0];
    if (!app) throw new AppError('not_found');
    if (app.status !== 'pending') throw new AppError('conflict', `This application was already ${app.status}.`);
    if (decision === 'approved') {
      const clash = await tx.query(
        "SELECT 1 FROM organisations WHERE lower(name) = lower($1) AND status IN ('active', 'suspended') AND id <> $2",
        [app.org_name, app.org_id],
      );
      if (clash.length > 0)
        throw new AppError(
          'conflict',
          'A member organisation already has this name: reject this application, or ask the applicant to apply under a distinct name.',
        );
    }
    await tx.query('UPDATE membership_applications SET status = $2, decided_at = $3, decided_by = $4, reason = $5 WHERE id = $1', [
      applicationId,
      decision,
      now,
      actor.personId,
      reason,
    ]);
    await tx.query('UPDATE organisations SET status = $2, decided_at = $3, decided_by = $4, decision_reason = $5 WHERE id = $1', [
      app.org_id,
      decision === 'approved' ? 'active' : 'rejected',
      now,
      actor.personId,
      reason,
    ]);
    if (decision === 'rejected')
      await tx.query(
        'UPDATE sessions SET revoked_at = $2 WHERE person_id IN (SELECT id FROM people WHERE org_id = $1) AND revoked_at IS NULL',
        [app.org_id, now],
      );
    await appendAudit(tx, {
      actor,
      action: `membership.${decision}`,
      targetType: 'organisation',
      targetId: app.org_id,
      ip,
      detail: { applicationId, reason },
      at: now,
    });
    return app;
  });
  try {
    await ctx.mailer.send({
      to: result.applicant_email,
      subject: decision === 'approved' ? `${result.org_name} is now a member of the ISAO` : `Your ISAO membership application`,
      text:
        decision === 'approved'
          ? `Your organisation's application was approved. Sign in at ${ctx.config.publicUrl}/login to start.`
          : `Your organisation's application was not approved.\n\nReason: ${reason ?? ''}`,
    });
  } catch (err) {
    ctx.log.error({ err }, 'could not send the application decision email');
  }
  const rows = await ctx.db.query<ApplicationRow>(`${selectApplications} WHERE a.id = $1`, [applicationId]);
  return present(rows[0]!);
}
