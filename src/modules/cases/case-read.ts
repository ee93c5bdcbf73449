/**
 * A case as its reader may see it. Coordinators see everything; a vendor sees the vulnerabilities, its own
 * organisation's statements, how many other vendors take part (never who), and the change log without other
 * vendors' entries. Reports (and so the reporter) stay with the coordinators.
 */
import type { Queryable } from '../../server/db/client.ts';
import type { caseStates } from '../../shared/api/cases.ts';
import { levelOfScore } from '../vulndb/index.ts';
import type { Actor } from '../policy/index.ts';
import type { CaseRole } from './case-access.ts';
import { externalVendorsOf } from './external-vendor-status.ts';

type State = (typeof caseStates)[number];

const score = (vector: string | null, value: string | null) =>
  vector && value !== null ? { vector, score: Number(value), severity: levelOfScore(Number(value)) } : null;

/** A row of case_vulnerabilities. */
export interface CaseVulnerabilityRow {
  id: string;
  position: number;
  title: string;
  description: string;
  cwe: string | null;
  cvss31_vector: string | null;
  cvss31_score: string | null;
  cvss40_vector: string | null;
  cvss40_score: string | null;
  cve: string | null;
}

/** A case's vulnerabilities in order, with their scores: what every reader of the case sees. */
export async function caseVulnerabilities(db: Queryable, caseId: string) {
  const rows = await db.query<CaseVulnerabilityRow>('SELECT * FROM case_vulnerabilities WHERE case_id = $1 ORDER BY position', [caseId]);
  return rows.map((v) => ({
    id: v.id,
    position: v.position,
    title: v.title,
    description: v.description,
    cwe: v.cwe,
    cvss31: score(v.cvss31_vector, v.cvss31_score),
    cvss40: score(v.cvss40_vector, v.cvss40_score),
    cve: v.cve,
  }));
}

/** A case's statements (one vendor's when `orgId` is given), each with who made it; an external vendor's are its contact's. */
export async function caseStatements(db: Queryable, caseId: string, orgId: string | null) {
  const rows = await db.query<{
    org_id: string;
    vulnerability_id: string;
    status: 'affected';
    statement: string;
    affected_versions: string;
    fixed_versions: string;
    product: string;
    updated_by_name: string | null;
    updated_at: Date;
  }>(
    `SELECT s.*, COALESCE(p.name, NULLIF(x.contact_name, ''), x.contact_email) AS updated_by_name FROM vendor_statements s
       LEFT JOIN people p ON p.id = s.updated_by LEFT JOIN external_vendor_contacts x ON x.case_id = s.case_id AND x.org_id = s.org_id
      WHERE s.case_id = $1 AND ($2::uuid IS NULL OR s.org_id = $2)`,
    [caseId, orgId],
  );
  return rows.map((s) => ({
    orgId: s.org_id,
    statement: {
      vulnerabilityId: s.vulnerability_id,
      status: s.status,
      product: s.product,
      statement: s.statement,
      affectedVersions: s.affected_versions,
      fixedVersions: s.fixed_versions,
      updatedBy: s.updated_by_name,
      updatedAt: new Date(s.updated_at).toISOString(),
    },
  }));
}

export async function readCase(db: Queryable, actor: Actor, id: string, role: CaseRole, nextStates: (s: State) => State[], now: Date) {
  type CaseRow = {
    id: string;
    reference: string;
    title: string;
    summary: string;
    state: State;
    embargo_until: Date | null;
    created_at: Date;
    updated_at: Date;
  };
  const [c] = (await db.query<CaseRow>(
    'SELECT id, reference, title, summary, state, embargo_until, created_at, updated_at FROM cases WHERE id = $1',
    [id],
  )) as [CaseRow];
  const coordinator = role === 'coordinator';
  const [vulns, vendors, statements, events, reports, external] = await Promise.all([
    caseVulnerabilities(db, id),
    db.query<{ org_id: string; org_name: string; notified_at: Date }>(
      `SELECT cv.org_id, o.name AS org_name, cv.notified_at FROM case_vendors cv JOIN organisations o ON o.id = cv.org_id
        WHERE cv.case_id = $1 ORDER BY o.name`,
      [id],
    ),
    caseStatements(db, id, coordinator ? null : actor.orgId),
    db.query<{ position: number; kind: string; actor_name: string | null; detail: Record<string, unknown>; at: Date }>(
      `SELECT e.position, e.kind, COALESCE(p.name, e.actor_label) AS actor_name, e.detail, e.at FROM case_events e LEFT JOIN people p ON p.id = e.actor_id
        WHERE e.case_id = $1 ${coordinator ? '' : 'AND (e.org_id IS NULL OR e.org_id = $2)'} ORDER BY e.position DESC`,
      coordinator ? [id] : [id, actor.orgId],
    ),
    coordinator
      ? db.query<{ id: string; reference: string; title: string; encrypted: boolean }>(
          'SELECT id, reference, title, encrypted_to IS NOT NULL AS encrypted FROM reports WHERE case_id = $1 ORDER BY received_at',
          [id],
        )
      : Promise.resolve([]),
    coordinator ? externalVendorsOf(db, id, now) : Promise.resolve(new Map<string, never>()),
  ]);
  const visibleVendors = coordinator ? vendors : vendors.filter((v) => v.org_id === actor.orgId);
  return {
    id: c.id,
    reference: c.reference,
    title: c.title,
    summary: c.summary,
    state: c.state,
    nextStates: coordinator ? nextStates(c.state) : [],
    myRole: role,
    reports,
    vulnerabilities: vulns,
    vendors: visibleVendors.map((v) => {
      const mine = statements.filter((s) => s.orgId === v.org_id).map((s) => s.statement);
      return {
        orgId: v.org_id,
        orgName: v.org_name,
        notifiedAt: new Date(v.notified_at).toISOString(),
        statements: mine,
        unanswered: coordinator ? vulns.filter((x) => !mine.some((s) => s.vulnerabilityId === x.id)).length : null,
        external: external.get(v.org_id) ?? null,
      };
    }),
    otherVendorCount: vendors.length - visibleVendors.length,
    embargoUntil: c.embargo_until ? new Date(c.embargo_until).toISOString() : null,
    events: events.map((e) => ({
      position: e.position,
      kind: e.kind,
      actorName: e.actor_name,
      detail: e.detail,
      at: new Date(e.at).toISOString(),
    })),
    createdAt: new Date(c.created_at).toISOString(),
    updatedAt: new Date(c.updated_at).toISOString(),
  };
}
