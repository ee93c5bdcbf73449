/**
 * What an external vendor does through its scoped session: read its part of the case (the vulnerabilities, the
 * embargo, its own statements; never another vendor, the reports or the reporter), state its status per vulnerability,
 * and talk with the coordinators in its own thread. Each change is logged in the case and audited as its contact.
 */
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import type { StatementBody, caseStates } from '../../shared/api/cases.ts';
import { appendAudit } from '../audit/index.ts';
import { assertOpen } from './case-access.ts';
import { appendPost, threadPosts } from './case-discussion.ts';
import { caseStatements, caseVulnerabilities } from './case-read.ts';
import { appendCaseLog } from './cases.service.ts';
import { type VendorSession, contactAuditActor, contactLabel } from './vendor-session.ts';
import { saveStatement } from './vendor-statements.ts';

/** Logs (when `kind` is given) and audits a change made by the vendor's contact, in the caller's transaction. */
async function recordAsContact(
  tx: Queryable,
  s: VendorSession,
  action: string,
  detail: Record<string, unknown>,
  now: Date,
  ip: string,
  inCaseLog: boolean,
) {
  if (inCaseLog) await appendCaseLog(tx, s.caseId, { label: contactLabel(s) }, action, detail, now, s.orgId);
  await appendAudit(tx, {
    actor: contactAuditActor(s),
    action: `case.${action}`,
    targetType: 'case',
    targetId: s.caseId,
    ip,
    detail,
    at: now,
  });
}

/** The case as its external vendor sees it. */
export async function vendorCaseView(ctx: AppContext, s: VendorSession) {
  type CaseRow = {
    id: string;
    reference: string;
    title: string;
    summary: string;
    state: (typeof caseStates)[number];
    embargo_until: Date | null;
  };
  const [cases, vulnerabilities, statements] = await Promise.all([
    ctx.db.query<CaseRow>('SELECT id, reference, title, summary, state, embargo_until FROM cases WHERE id = $1', [s.caseId]),
    caseVulnerabilities(ctx.db, s.caseId),
    caseStatements(ctx.db, s.caseId, s.orgId),
  ]);
  // The session's case exists: deleting a case deletes its sessions.
  const c = cases[0] as CaseRow;
  return {
    id: c.id,
    reference: c.reference,
    title: c.title,
    summary: c.summary,
    state: c.state,
    embargoUntil: c.embargo_until ? new Date(c.embargo_until).toISOString() : null,
    vendor: { orgName: s.orgName, contactName: s.contactName, contactEmail: s.contactEmail },
    vulnerabilities,
    statements: statements.map((x) => x.statement),
    access: { expiresAt: s.expiresAt.toISOString(), csrfToken: s.csrfToken },
  };
}

/** The vendor states its status on one vulnerability (the latest answer stands), as a member vendor does. */
export async function makeVendorStatement(
  ctx: AppContext,
  s: VendorSession,
  vulnerabilityId: string,
  body: z.infer<typeof StatementBody>,
  ip: string,
) {
  await assertOpen(ctx.db, s.caseId);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await saveStatement(tx, { caseId: s.caseId, orgId: s.orgId, vulnerabilityId, updatedBy: null }, body, now);
    await recordAsContact(tx, s, 'statement_made', { vulnerabilityId, status: body.status, orgName: s.orgName }, now, ip, true);
  });
  return vendorCaseView(ctx, s);
}

/** The vendor's own thread with the coordinators (there is no "unread" for it: it has no account to remember it). */
export async function readVendorThread(ctx: AppContext, s: VendorSession) {
  return threadPosts(ctx.db, s.caseId, s.orgId, Number.MAX_SAFE_INTEGER);
}

/** The vendor writes to the coordinators in its own thread. */
export async function postAsVendor(ctx: AppContext, s: VendorSession, body: string, ip: string) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await appendPost(tx, s.caseId, s.orgId, { label: contactLabel(s) }, body, now);
    await recordAsContact(tx, s, 'posted', { threadOrgId: s.orgId }, now, ip, false);
  });
  return readVendorThread(ctx, s);
}
