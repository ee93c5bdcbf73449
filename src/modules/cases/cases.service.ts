/**
 * Disclosure cases: created by ISAO coordinators from accepted reports, holding vulnerabilities (CVSS computed here) and
 * member vendors (emailed when added), each vendor's statement per vulnerability, the ISO/IEC 30111 state, and a change
 * log. Every change is audited and logged in the case in the same transaction.
 */
import { shortReference } from '../../server/security/tokens.ts';
import cvss from 'ae-cvss-calculator';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import type { CreateCaseBody, StatementBody, TransitionBody, UpdateCaseBody, VulnerabilityBody } from '../../shared/api/cases.ts';
import { caseStates } from '../../shared/api/cases.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, isOperatorStaff } from '../policy/index.ts';
import { assertCoordinator, assertOpen, assertVendorWriter, caseRole } from './case-access.ts';
import { readCase } from './case-read.ts';
import { saveStatement } from './vendor-statements.ts';

type State = (typeof caseStates)[number];

/** ISO/IEC 30111: each phase leads to the next; a case can be closed from any phase. */
export function nextStates(state: State): State[] {
  if (state === 'closed') return [];
  const i = caseStates.indexOf(state);
  const next = caseStates[i + 1];
  return next && next !== 'closed' ? [next, 'closed'] : ['closed'];
}

/** Base score and band of a CVSS 3.1 or 4.0 vector (complete vectors only: the schema checks that). */
export function scoreVector(vector: string | undefined): number | null {
  if (!vector) return null;
  try {
    const scores = vector.startsWith('CVSS:4.0/') ? new cvss.Cvss4P0(vector).calculateScores() : new cvss.Cvss3P1(vector).calculateScores();
    if (typeof scores.base !== 'number' || !Number.isFinite(scores.base)) throw new Error('no score');
    return scores.base;
  } catch {
    throw new AppError('validation_failed', `The CVSS vector ${vector} could not be scored.`);
  }
}

/**
 * Appends to the case's change log only (the caller audits), in the caller's transaction. The actor is a person's id, or
 * the label of someone who is not a person of the platform (an external vendor's contact).
 */
export async function appendCaseLog(
  tx: Queryable,
  caseId: string,
  actor: string | { label: string },
  kind: string,
  detail: Record<string, unknown>,
  now: Date,
  orgId: string | null = null,
) {
  await tx.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
  await tx.query(
    `INSERT INTO case_events (case_id, position, kind, actor_id, actor_label, org_id, detail, at)
     SELECT $1, COALESCE(max(position), 0) + 1, $2, $3, $4, $5, $6, $7 FROM case_events WHERE case_id = $1`,
    [
      caseId,
      kind,
      typeof actor === 'string' ? actor : null,
      typeof actor === 'string' ? null : actor.label,
      orgId,
      JSON.stringify(detail),
      now,
    ],
  );
  await tx.query('UPDATE cases SET updated_at = $2 WHERE id = $1', [caseId, now]);
}

/** Appends to the case's change log and the audit log, in the caller's transaction. */
export async function logEvent(
  tx: Queryable,
  caseId: string,
  actor: Actor,
  kind: string,
  detail: Record<string, unknown>,
  now: Date,
  ip: string | null,
  orgId: string | null = null,
) {
  await appendCaseLog(tx, caseId, actor.personId, kind, detail, now, orgId);
  await appendAudit(tx, { actor, action: `case.${kind}`, targetType: 'case', targetId: caseId, ip, detail, at: now });
}

/** The cases a person takes part in: all for ISAO staff, their organisation's for a vendor's people. */
export async function listCases(ctx: AppContext, actor: Actor) {
  const staff = isOperatorStaff(actor);
  const rows = await ctx.db.query<{
    id: string;
    reference: string;
    title: string;
    state: State;
    vulnerabilities: number;
    vendors: number;
    unanswered: number;
    created_at: Date;
    updated_at: Date;
  }>(
    `SELECT c.id, c.reference, c.title, c.state, c.created_at, c.updated_at,
       (SELECT count(*)::int FROM case_vulnerabilities v WHERE v.case_id = c.id) AS vulnerabilities,
       (SELECT count(*)::int FROM case_vendors cv WHERE cv.case_id = c.id) AS vendors,
       (SELECT count(*)::int FROM case_vendors cv JOIN case_vulnerabilities v ON v.case_id = cv.case_id
          WHERE cv.case_id = c.id AND NOT EXISTS (SELECT 1 FROM vendor_statements s
            WHERE s.case_id = cv.case_id AND s.org_id = cv.org_id AND s.vulnerability_id = v.id)) AS unanswered
       FROM cases c
      ${staff ? '' : 'WHERE EXISTS (SELECT 1 FROM case_vendors cv WHERE cv.case_id = c.id AND cv.org_id = $1)'}
      ORDER BY c.updated_at DESC LIMIT 500`,
    staff ? [] : [actor.orgId],
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      title: r.title,
      state: r.state,
      vulnerabilities: r.vulnerabilities,
      vendors: staff ? r.vendors : 1,
      unansweredStatements: staff ? r.unanswered : null,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
  };
}

export async function getCase(ctx: AppContext, actor: Actor, id: string) {
  const role = await caseRole(ctx.db, actor, id);
  return readCase(ctx.db, actor, id, role, nextStates, ctx.clock.now());
}

/** A coordinator opens a case, for accepted reports not yet in one. */
export async function createCase(ctx: AppContext, actor: Actor, body: z.infer<typeof CreateCaseBody>, ip: string) {
  if (!isOperatorStaff(actor)) throw new AppError('forbidden', 'Only ISAO coordinators open cases.');
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    const reportIds = [...new Set(body.reportIds)];
    if (reportIds.length > 0) {
      const reports = await tx.query<{ id: string; status: string; case_id: string | null }>(
        'SELECT id, status, case_id FROM reports WHERE id = ANY($1::uuid[]) FOR UPDATE',
        [reportIds],
      );
      if (reports.length !== reportIds.length) throw new AppError('validation_failed', 'body.reportIds: no such report');
      if (reports.some((r) => r.status !== 'accepted'))
        throw new AppError('validation_failed', 'body.reportIds: only accepted reports become cases');
      if (reports.some((r) => r.case_id !== null)) throw new AppError('conflict', 'A report is already part of a case.');
    }
    const [row] = (await tx.query<{ id: string }>(
      `INSERT INTO cases (reference, title, summary, state, created_by, created_at, updated_at) VALUES ($1, $2, $3, 'received', $4, $5, $5) RETURNING id`,
      [shortReference('C', now), body.title, body.summary, actor.personId, now],
    )) as [{ id: string }];
    if (reportIds.length > 0)
      await tx.query('UPDATE reports SET case_id = $2, updated_at = $3 WHERE id = ANY($1::uuid[])', [reportIds, row.id, now]);
    await logEvent(tx, row.id, actor, 'created', { title: body.title, reports: reportIds.length }, now, ip);
    return row.id;
  });
  return getCase(ctx, actor, id);
}

export async function updateCase(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof UpdateCaseBody>, ip: string) {
  await assertCoordinator(ctx.db, actor, id);
  await assertOpen(ctx.db, id);
  const now = ctx.clock.now();
  const embargo = body.embargoUntil ? new Date(body.embargoUntil) : null;
  if (embargo && embargo.getTime() <= now.getTime()) throw new AppError('validation_failed', 'body.embargoUntil: must lie in the future');
  await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE cases SET title = COALESCE($2, title), summary = COALESCE($3, summary) WHERE id = $1', [
      id,
      body.title ?? null,
      body.summary ?? null,
    ]);
    if (body.embargoUntil !== undefined) {
      // A new date is reminded of again.
      await tx.query('UPDATE cases SET embargo_until = $2, embargo_reminded_at = NULL WHERE id = $1', [id, embargo]);
      await logEvent(tx, id, actor, embargo ? 'embargo_set' : 'embargo_lifted', { embargoUntil: embargo?.toISOString() ?? null }, now, ip);
    }
    const fields = Object.keys(body).filter((k) => k !== 'embargoUntil');
    if (fields.length > 0) await logEvent(tx, id, actor, 'edited', { fields }, now, ip);
  });
  return getCase(ctx, actor, id);
}

/** Moves a case to its next ISO/IEC 30111 phase, or closes it. */
export async function transitionCase(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof TransitionBody>, ip: string) {
  await assertCoordinator(ctx.db, actor, id);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = (await tx.query<{ state: State }>('SELECT state FROM cases WHERE id = $1 FOR UPDATE', [id])) as [{ state: State }];
    if (!nextStates(row.state).includes(body.state))
      throw new AppError(
        'conflict',
        `A case in "${row.state}" moves to ${nextStates(row.state).join(' or ') || 'nothing (it is closed)'}, not "${body.state}".`,
      );
    await tx.query('UPDATE cases SET state = $2 WHERE id = $1', [id, body.state]);
    await logEvent(tx, id, actor, 'state_changed', { from: row.state, to: body.state, note: body.note }, now, ip);
  });
  return getCase(ctx, actor, id);
}

export async function addVulnerability(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof VulnerabilityBody>, ip: string) {
  await assertCoordinator(ctx.db, actor, id);
  await assertOpen(ctx.db, id);
  const now = ctx.clock.now();
  const s31 = scoreVector(body.cvss31);
  const s40 = scoreVector(body.cvss40);
  await ctx.db.transaction(async (tx) => {
    await tx.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [id]);
    const [{ n }] = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM case_vulnerabilities WHERE case_id = $1', [id])) as [
      { n: number },
    ];
    if (n >= 100) throw new AppError('conflict', 'A case holds at most 100 vulnerabilities.');
    if (body.cve) {
      const taken = await tx.query('SELECT 1 FROM case_vulnerabilities WHERE case_id = $1 AND cve = $2', [id, body.cve]);
      if (taken.length > 0) throw new AppError('already_exists', `${body.cve} is already in this case.`);
    }
    const [v] = (await tx.query<{ id: string }>(
      `INSERT INTO case_vulnerabilities (case_id, position, title, description, cwe, cvss31_vector, cvss31_score, cvss40_vector, cvss40_score, cve, created_at, updated_at)
       SELECT $1, COALESCE(max(position), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10 FROM case_vulnerabilities WHERE case_id = $1
       RETURNING id`,
      [id, body.title, body.description, body.cwe ?? null, body.cvss31 ?? null, s31, body.cvss40 ?? null, s40, body.cve ?? null, now],
    )) as [{ id: string }];
    await logEvent(tx, id, actor, 'vulnerability_added', { vulnerabilityId: v.id, title: body.title, cve: body.cve ?? null }, now, ip);
  });
  return getCase(ctx, actor, id);
}

export async function updateVulnerability(
  ctx: AppContext,
  actor: Actor,
  id: string,
  vulnerabilityId: string,
  body: z.infer<typeof VulnerabilityBody>,
  ip: string,
) {
  await assertCoordinator(ctx.db, actor, id);
  await assertOpen(ctx.db, id);
  const now = ctx.clock.now();
  const s31 = scoreVector(body.cvss31);
  const s40 = scoreVector(body.cvss40);
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.query(
      `UPDATE case_vulnerabilities SET title = $3, description = $4, cwe = $5, cvss31_vector = $6, cvss31_score = $7, cvss40_vector = $8,
         cvss40_score = $9, cve = $10, updated_at = $11 WHERE id = $2 AND case_id = $1 RETURNING id`,
      [
        id,
        vulnerabilityId,
        body.title,
        body.description,
        body.cwe ?? null,
        body.cvss31 ?? null,
        s31,
        body.cvss40 ?? null,
        s40,
        body.cve ?? null,
        now,
      ],
    );
    if (rows.length === 0) throw new AppError('not_found');
    await logEvent(tx, id, actor, 'vulnerability_updated', { vulnerabilityId, title: body.title, cve: body.cve ?? null }, now, ip);
  });
  return getCase(ctx, actor, id);
}

/** Adds a member manufacturer to a case and emails its people (the case also appears in their Cases list). */
export async function addVendor(ctx: AppContext, actor: Actor, id: string, orgId: string, ip: string) {
  await assertCoordinator(ctx.db, actor, id);
  await assertOpen(ctx.db, id);
  const now = ctx.clock.now();
  const { reference, title, orgName } = await ctx.db.transaction(async (tx) => {
    const [org] = await tx.query<{ name: string }>(
      "SELECT name FROM organisations WHERE id = $1 AND status = 'active' AND kind = 'manufacturer'",
      [orgId],
    );
    if (!org) throw new AppError('validation_failed', 'body.orgId: an active manufacturer organisation');
    const inserted = await tx.query(
      'INSERT INTO case_vendors (case_id, org_id, added_by, notified_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING org_id',
      [id, orgId, actor.personId, now],
    );
    if (inserted.length === 0) throw new AppError('already_exists', `${org.name} is already part of this case.`);
    await logEvent(tx, id, actor, 'vendor_added', { orgName: org.name }, now, ip, orgId);
    const [c] = (await tx.query<{ reference: string; title: string }>('SELECT reference, title FROM cases WHERE id = $1', [id])) as [
      { reference: string; title: string },
    ];
    return { ...c, orgName: org.name };
  });
  const people = await ctx.db.query<{ email: string }>(
    `SELECT email FROM people WHERE org_id = $1 AND status = 'active' AND roles && ARRAY['org_admin', 'analyst']::text[]`,
    [orgId],
  );
  for (const p of people) {
    try {
      // The link only: the case's content stays behind sign-in.
      await ctx.mailer.send({
        to: p.email,
        subject: `A vulnerability case concerns ${orgName} (${reference})`,
        text: `The ISAO added ${orgName} to the coordinated disclosure case ${reference}.\n\nSign in to read it and answer for each vulnerability: ${ctx.config.publicUrl}/cases/${id}\n\nCase: ${title}`,
      });
    } catch (err) {
      ctx.log.error({ err }, 'could not notify a vendor');
    }
  }
  return getCase(ctx, actor, id);
}

/** A vendor answers for its organisation on one vulnerability (the latest answer stands; each is logged). */
export async function makeStatement(
  ctx: AppContext,
  actor: Actor,
  id: string,
  vulnerabilityId: string,
  body: z.infer<typeof StatementBody>,
  ip: string,
) {
  await assertVendorWriter(ctx.db, actor, id);
  await assertOpen(ctx.db, id);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await saveStatement(tx, { caseId: id, orgId: actor.orgId, vulnerabilityId, updatedBy: actor.personId }, body, now);
    await logEvent(tx, id, actor, 'statement_made', { vulnerabilityId, status: body.status, orgName: actor.orgName }, now, ip, actor.orgId);
  });
  return getCase(ctx, actor, id);
}
