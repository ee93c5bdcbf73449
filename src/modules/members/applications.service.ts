import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { assertPasswordAcceptable, hashPassword } from '../../server/security/passwords.ts';
import type { OrgKind } from '../../shared/vocabulary.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, isOperatorStaff } from '../policy/index.ts';
import { loadActor } from './actor-loader.ts';
import { participantAgreement } from './agreement.ts';
import { iso } from './presenters.ts';
import { createSession } from './sessions.ts';

/** A membership application as submitted on the public form. */
export interface ApplyInput {
  organisation: { name: string; kind: Exclude<OrgKind, 'operator'>; country?: string | undefined; website?: string | undefined };
  applicant: { name: string; email: string; password: string };
  message?: string | undefined;
  acceptAgreementVersion: string;
}

/**
 * An organisation applies for membership: a pending organisation, its first admin, the application
 * and the agreement acceptance (version, time, address) in one transaction. The applicant is signed in.
 */
export async function apply(ctx: AppContext, input: ApplyInput, ip: string, userAgent: string | null) {
  if (input.acceptAgreementVersion !== participantAgreement.version) {
    throw new AppError('conflict', `The participant agreement has changed (current version ${participantAgreement.version}); read it again and accept it.`);
  }
  const { applicant } = input;
  assertPasswordAcceptable(applicant.password, [applicant.email, applicant.email.split('@')[0] ?? '', applicant.name]);
  const hash = await hashPassword(applicant.password);
  const now = ctx.clock.now();
  const { personId, session, applicationId } = await ctx.db.transaction(async (tx) => {
    if ((await tx.query('SELECT 1 FROM organisations WHERE lower(name) = lower($1)', [input.organisation.name])).length > 0) {
      throw new AppError('already_exists', 'An organisation with this name is already registered or has applied.');
    }
    if ((await tx.query('SELECT 1 FROM people WHERE lower(email) = $1', [applicant.email])).length > 0) {
      throw new AppError('already_exists', 'Someone with this email address already has an account.');
    }
    const orgs = await tx.query<{ id: string }>(
      `INSERT INTO organisations (name, kind, status, country, website, created_at) VALUES ($1, $2, 'pending', $3, $4, $5) RETURNING id`,
      [input.organisation.name, input.organisation.kind, input.organisation.country ?? null, input.organisation.website ?? null, now],
    );
    const orgId = orgs[0]!.id;
    const people = await tx.query<{ id: string }>(
      `INSERT INTO people (org_id, email, name, password_hash, roles, created_at) VALUES ($1, $2, $3, $4, '{org_admin}', $5) RETURNING id`,
      [orgId, applicant.email, applicant.name, hash, now],
    );
    const id = people[0]!.id;
    const apps = await tx.query<{ id: string }>(
      'INSERT INTO membership_applications (org_id, applicant_id, message, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
      [orgId, id, input.message ?? '', now],
    );
    await tx.query('INSERT INTO agreement_acceptances (org_id, person_id, version, accepted_at, ip) VALUES ($1, $2, $3, $4, $5)', [
      orgId,
      id,
      participantAgreement.version,
      now,
      ip,
    ]);
    const s = await createSession(tx, ctx, id, ip, userAgent);
    const who = { label: applicant.email, personId: id, orgId };
    await appendAudit(tx, { actor: who, action: 'membership.applied', targetType: 'organisation', targetId: orgId, ip, detail: { name: input.organisation.name, kind: input.organisation.kind, applicationId: apps[0]!.id }, at: now });
    await appendAudit(tx, { actor: who, action: 'agreement.accepted', targetType: 'organisation', targetId: orgId, ip, detail: { version: participantAgreement.version }, at: now });
    return { personId: id, session: s, applicationId: apps[0]!.id };
  });
  ctx.log.info({ applicationId }, `membership application from ${input.organisation.name}`);
  const actor = await loadActor(ctx.db, personId);
  return { actor: { ...actor!, sessionId: session.sessionId, csrfToken: session.csrfToken }, session };
}

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
  const rows = await ctx.db.query<ApplicationRow>(`${selectApplications} WHERE ($1::text IS NULL OR a.status = $1) ORDER BY a.created_at DESC`, [status ?? null]);
  return { items: rows.map(present) };
}

/** Approves or rejects a pending application (ISAO staff); the organisation becomes active or rejected. */
export async function decideApplication(ctx: AppContext, actor: Actor, applicationId: string, decision: 'approved' | 'rejected', reason: string | null, ip: string) {
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
    await tx.query('UPDATE membership_applications SET status = $2, decided_at = $3, decided_by = $4, reason = $5 WHERE id = $1', [applicationId, decision, now, actor.personId, reason]);
    await tx.query('UPDATE organisations SET status = $2, decided_at = $3, decided_by = $4, decision_reason = $5 WHERE id = $1', [
      app.org_id,
      decision === 'approved' ? 'active' : 'rejected',
      now,
      actor.personId,
      reason,
    ]);
    if (decision === 'rejected') await tx.query('UPDATE sessions SET revoked_at = $2 WHERE person_id IN (SELECT id FROM people WHERE org_id = $1) AND revoked_at IS NULL', [app.org_id, now]);
    await appendAudit(tx, { actor, action: `membership.${decision}`, targetType: 'organisation', targetId: app.org_id, ip, detail: { applicationId, reason }, at: now });
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
