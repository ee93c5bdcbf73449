/**
 * The coordinators' side of reports: the triage queue with service-level timers, one report in full, questions and
 * internal notes, decisions (accept, ask for information, reject with a reason the reporter sees, merge), and the
 * program's service levels. ISAO coordinators and platform admins only; every change is audited.
 */
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import type { DecisionBody, UpdateProgramBody } from '../../shared/api/reports.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, isOperatorStaff, isPlatformAdmin } from '../policy/index.ts';
import { defaultProgram } from './report-intake.ts';
import { addAttachment, attachmentContent, insertMessage, listAttachments, listMessages, statusText } from './report-tracking.ts';

interface ReportRow {
  id: string;
  reference: string;
  status: 'received' | 'needs_info' | 'accepted' | 'rejected' | 'merged';
  title: string;
  vendor_name: string;
  vendor_org_id: string | null;
  product_name: string;
  product_id: string | null;
  product_version: string;
  exploited: 'no' | 'yes' | 'unknown';
  publicly_known: 'no' | 'yes' | 'unknown';
  description: string;
  patient_impact: string;
  how_found: string;
  disclosure_plans: string;
  encrypted_text: string | null;
  encrypted_to: string | null;
  credit_consent: boolean;
  credit_name: string;
  reporter_name: string;
  reporter_email: string | null;
  possible_duplicate_ids: string[];
  decision_reason: string;
  merged_into: string | null;
  received_at: Date;
  acknowledged_at: Date | null;
  triaged_at: Date | null;
  triaged_by_name: string | null;
  ack_hours: number;
  triage_hours: number;
  vendor_contact_hours: number;
  unread: number;
  vendor_contacted_at: Date | null;
  case_id: string | null;
}

// The columns are named so the armored original of an encrypted report (up to 256 KiB) stays out of the queue.
const select = `SELECT r.id, r.reference, r.status, r.title, r.vendor_name, r.vendor_org_id, r.product_name, r.product_id,
    r.product_version, r.exploited, r.publicly_known, r.description, r.patient_impact, r.how_found, r.disclosure_plans,
    r.encrypted_text, r.encrypted_to, r.credit_consent, r.credit_name, r.reporter_name, r.reporter_email, r.possible_duplicate_ids,
    r.decision_reason, r.merged_into, r.received_at, r.acknowledged_at, r.triaged_at, r.case_id, p.ack_hours, p.triage_hours, p.vendor_contact_hours, t.name AS triaged_by_name,
    (SELECT count(*)::int FROM report_messages m WHERE m.report_id = r.id AND m.author_kind = 'reporter'
       AND m.position > COALESCE((SELECT max(c.position) FROM report_messages c WHERE c.report_id = r.id AND c.author_kind = 'coordinator' AND NOT c.internal), 0)) AS unread
  , (SELECT min(cv.notified_at) FROM case_vendors cv WHERE r.case_id IS NOT NULL AND cv.case_id = r.case_id) AS vendor_contacted_at
  FROM reports r JOIN cvd_programs p ON p.id = r.program_id LEFT JOIN people t ON t.id = r.triaged_by`;

export function assertStaff(actor: Actor): void {
  if (!isOperatorStaff(actor)) throw new AppError('forbidden', 'Only ISAO coordinators and platform admins triage reports.');
}

const hoursAfter = (d: Date, h: number) => new Date(new Date(d).getTime() + h * 3_600_000);

/** The service-level targets of a report and the first one not yet met. */
function sla(r: ReportRow, now: Date) {
  const due = {
    acknowledge: hoursAfter(r.received_at, r.ack_hours),
    triage: hoursAfter(r.received_at, r.triage_hours),
    vendor_contact: hoursAfter(r.received_at, r.vendor_contact_hours),
  };
  const open = r.status === 'received' || r.status === 'needs_info';
  // After triage, an accepted report waits for its case's first vendor to be contacted.
  const next: keyof typeof due | null =
    r.acknowledged_at === null && open
      ? 'acknowledge'
      : r.triaged_at === null && open
        ? 'triage'
        : r.status === 'accepted' && r.vendor_contacted_at === null
          ? 'vendor_contact'
          : null;
  return {
    acknowledgeDueAt: due.acknowledge.toISOString(),
    triageDueAt: due.triage.toISOString(),
    vendorContactDueAt: due.vendor_contact.toISOString(),
    next,
    overdue: next !== null && due[next].getTime() < now.getTime(),
  };
}

async function duplicatesOf(ctx: AppContext, ids: string[]) {
  if (ids.length === 0) return [];
  return ctx.db.query<{ id: string; reference: string; title: string }>(
    'SELECT id, reference, title FROM reports WHERE id = ANY($1::uuid[]) ORDER BY received_at',
    [ids],
  );
}

async function summary(ctx: AppContext, r: ReportRow, now: Date) {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    title: r.title,
    vendorName: r.vendor_name,
    vendorOrgId: r.vendor_org_id,
    productName: r.product_name,
    productVersion: r.product_version,
    exploited: r.exploited,
    publiclyKnown: r.publicly_known,
    receivedAt: new Date(r.received_at).toISOString(),
    possibleDuplicates: await duplicatesOf(ctx, r.possible_duplicate_ids),
    sla: sla(r, now),
    unreadFromReporter: r.unread,
    encrypted: r.encrypted_to !== null,
    caseId: r.case_id,
  };
}

/** The triage queue: open reports first (overdue first), then the rest, newest first. */
export async function reportQueue(ctx: AppContext, actor: Actor, status?: ReportRow['status']) {
  assertStaff(actor);
  const now = ctx.clock.now();
  const rows = await ctx.db.query<ReportRow>(
    `${select} ${status ? 'WHERE r.status = $1' : ''} ORDER BY r.received_at DESC LIMIT 500`,
    status ? [status] : [],
  );
  const items = await Promise.all(rows.map((r) => summary(ctx, r, now)));
  const rank = (s: (typeof items)[number]) => (s.sla.overdue ? 0 : s.sla.next !== null ? 1 : 2);
  items.sort(
    (a, b) => rank(a) - rank(b) || (rank(a) < 2 ? a.receivedAt.localeCompare(b.receivedAt) : b.receivedAt.localeCompare(a.receivedAt)),
  );
  return { items };
}

async function load(db: Queryable, id: string): Promise<ReportRow> {
  const [row] = await db.query<ReportRow>(`${select} WHERE r.id = $1`, [id]);
  if (!row) throw new AppError('not_found');
  return row;
}

/** One report in full, with internal notes. */
export async function getReport(ctx: AppContext, actor: Actor, id: string) {
  assertStaff(actor);
  const r = await load(ctx.db, id);
  const merged = r.merged_into
    ? ((await ctx.db.query<{ id: string; reference: string }>('SELECT id, reference FROM reports WHERE id = $1', [r.merged_into]))[0] ??
      null)
    : null;
  return {
    ...(await summary(ctx, r, ctx.clock.now())),
    productId: r.product_id,
    description: r.description,
    patientImpact: r.patient_impact,
    howFound: r.how_found,
    disclosurePlans: r.disclosure_plans,
    encryptedMessage:
      r.encrypted_text === null || r.encrypted_to === null
        ? null
        : { text: r.encrypted_text, characters: [...r.encrypted_text].length, keyFingerprint: r.encrypted_to },
    credit: { consent: r.credit_consent, name: r.credit_name },
    contact: { name: r.reporter_name, email: r.reporter_email },
    decisionReason: r.decision_reason,
    mergedInto: merged,
    triagedBy: r.triaged_by_name,
    triagedAt: r.triaged_at ? new Date(r.triaged_at).toISOString() : null,
    messages: await listMessages(ctx.db, r.id, 'coordinator'),
    attachments: await listAttachments(ctx.db, r.id),
  };
}

async function notifyReporter(ctx: AppContext, r: ReportRow, subject: string, text: string) {
  if (!r.reporter_email) return;
  try {
    // Never the content of the exchange: the reporter reads it behind the private tracking link.
    await ctx.mailer.send({
      to: r.reporter_email,
      subject: `${subject} (${r.reference})`,
      text: `${text}\n\nOpen the tracking link you received with your report to read and answer.`,
    });
  } catch (err) {
    ctx.log.error({ err }, 'could not notify the reporter');
  }
}

/** A coordinator writes to the reporter (acknowledging the report if not yet), or adds an internal note. */
export async function coordinatorMessage(ctx: AppContext, actor: Actor, id: string, body: { body: string; internal: boolean }, ip: string) {
  assertStaff(actor);
  const r = await load(ctx.db, id);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await insertMessage(tx, id, { kind: 'coordinator', authorId: actor.personId, body: body.body, internal: body.internal }, now);
    if (!body.internal)
      await tx.query('UPDATE reports SET acknowledged_at = COALESCE(acknowledged_at, $2), updated_at = $2 WHERE id = $1', [id, now]);
    await appendAudit(tx, {
      actor,
      action: body.internal ? 'report.note_added' : 'report.message_sent',
      targetType: 'report',
      targetId: id,
      ip,
      at: now,
    });
  });
  if (!body.internal)
    await notifyReporter(
      ctx,
      r,
      'An ISAO coordinator wrote about your report',
      'An ISAO coordinator sent you a message about your vulnerability report.',
    );
  return getReport(ctx, actor, id);
}

/** Accept, ask for more information, reject (the reason is shown to the reporter) or merge into another report. */
export async function decideReport(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof DecisionBody>, ip: string) {
  assertStaff(actor);
  if ((body.decision === 'reject' || body.decision === 'needs_info') && body.reason === '')
    throw new AppError('validation_failed', 'body.reason: say why (the reporter reads it)');
  if (body.decision === 'merge' && (!body.mergeInto || body.mergeInto === id))
    throw new AppError('validation_failed', 'body.mergeInto: the report this one merges into');
  if (body.decision !== 'merge' && body.mergeInto)
    throw new AppError('validation_failed', 'body.mergeInto: only with the decision "merge"');
  const now = ctx.clock.now();
  const next = { accept: 'accepted', needs_info: 'needs_info', reject: 'rejected', merge: 'merged' } as const;
  const r = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<{ status: string }>('SELECT status FROM reports WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw new AppError('not_found');
    if (row.status === 'merged' || row.status === 'rejected' || (row.status === 'accepted' && body.decision !== 'merge'))
      throw new AppError('conflict', `This report is already ${row.status}.`);
    if (body.mergeInto) {
      const [target] = await tx.query<{ status: string }>('SELECT status FROM reports WHERE id = $1', [body.mergeInto]);
      if (!target) throw new AppError('validation_failed', 'body.mergeInto: no such report');
      if (target.status === 'merged')
        throw new AppError('validation_failed', 'body.mergeInto: that report was itself merged; merge into the one it went to');
    }
    const final = body.decision !== 'needs_info';
    await tx.query(
      `UPDATE reports SET status = $2, decision_reason = $3, merged_into = $4, acknowledged_at = COALESCE(acknowledged_at, $5),
         triaged_at = CASE WHEN $6::boolean THEN $5 ELSE triaged_at END, triaged_by = CASE WHEN $6::boolean THEN $7::uuid ELSE triaged_by END,
         updated_at = $5 WHERE id = $1`,
      [id, next[body.decision], body.reason, body.mergeInto ?? null, now, final, actor.personId],
    );
    const text = statusText[next[body.decision]]!;
    await insertMessage(
      tx,
      id,
      { kind: 'coordinator', authorId: actor.personId, body: body.reason ? `${text}\n\n${body.reason}` : text },
      now,
    );
    await appendAudit(tx, {
      actor,
      action: `report.${body.decision === 'needs_info' ? 'information_requested' : `${next[body.decision]}`}`,
      targetType: 'report',
      targetId: id,
      ip,
      detail: { from: row.status, to: next[body.decision], mergeInto: body.mergeInto ?? null },
      at: now,
    });
    return load(tx, id);
  });
  await notifyReporter(ctx, r, 'Your vulnerability report was updated', statusText[r.status] ?? '');
  return getReport(ctx, actor, id);
}

export async function coordinatorAttach(ctx: AppContext, actor: Actor, id: string, bytes: Buffer, fileName: string, ip: string) {
  assertStaff(actor);
  await load(ctx.db, id);
  await addAttachment(ctx, id, bytes, fileName, 'coordinator', { actor, ip });
  return getReport(ctx, actor, id);
}

export async function coordinatorDownload(ctx: AppContext, actor: Actor, id: string, attachmentId: string, ip: string) {
  assertStaff(actor);
  const file = await attachmentContent(ctx.db, id, attachmentId);
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actor,
      action: 'report.attachment_downloaded',
      targetType: 'report',
      targetId: id,
      ip,
      detail: { sha256: file.sha256 },
      at: ctx.clock.now(),
    }),
  );
  return file;
}

const presentProgram = (p: { id: string; name: string; ack_hours: number; triage_hours: number; vendor_contact_hours: number }) => ({
  id: p.id,
  name: p.name,
  ackHours: p.ack_hours,
  triageHours: p.triage_hours,
  vendorContactHours: p.vendor_contact_hours,
});

export async function getProgram(ctx: AppContext, actor: Actor) {
  assertStaff(actor);
  return presentProgram(await defaultProgram(ctx.db, ctx.clock.now()));
}

/** Platform admins set the service levels (in hours): acknowledge ≤ triage ≤ first vendor contact. */
export async function updateProgram(ctx: AppContext, actor: Actor, body: z.infer<typeof UpdateProgramBody>, ip: string) {
  if (!isPlatformAdmin(actor)) throw new AppError('forbidden', 'Only platform admins set the service levels.');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const p = await defaultProgram(tx, now);
    const next = {
      ack: body.ackHours ?? p.ack_hours,
      triage: body.triageHours ?? p.triage_hours,
      vendor: body.vendorContactHours ?? p.vendor_contact_hours,
    };
    if (!(next.ack <= next.triage && next.triage <= next.vendor))
      throw new AppError('validation_failed', 'Acknowledge, then triage, then first vendor contact: each no later than the next.');
    await tx.query('UPDATE cvd_programs SET ack_hours = $2, triage_hours = $3, vendor_contact_hours = $4 WHERE id = $1', [
      p.id,
      next.ack,
      next.triage,
      next.vendor,
    ]);
    await appendAudit(tx, {
      actor,
      action: 'cvd_program.updated',
      targetType: 'cvd_program',
      targetId: p.id,
      ip,
      detail: { ...body },
      at: now,
    });
  });
  return getProgram(ctx, actor);
}
