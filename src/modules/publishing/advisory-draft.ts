/**
 * The advisory draft of a case and everything the CSAF builder needs, read from the case as it is now (vulnerabilities,
 * vendors and their statements, reporter credit), plus the published advisory of the case if there is one.
 */
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Audience, Tlp } from '../../shared/vocabulary.ts';
import { weaknesses } from '@secvisogram/csaf-validator-lib/cwe.js';
import { levelOfScore } from '../vulndb/index.ts';
import type { AdvisoryCategory, VexJustification } from '../../shared/api/publishing.ts';
import type { AdvisoryInput } from './csaf-build.ts';

export const GENERATOR_VERSION = '0.1.0';
const tlpDir = { WHITE: 'white', GREEN: 'green', AMBER: 'amber' } as const;
export const policyOf: Record<'WHITE' | 'GREEN' | 'AMBER', { tlp: Tlp; audience: Audience }> = {
  WHITE: { tlp: 'CLEAR', audience: 'public' },
  GREEN: { tlp: 'GREEN', audience: 'members' },
  AMBER: { tlp: 'AMBER', audience: 'members' },
};

/** The folder URL the provider directory serves a document from (its canonical URL without the file name). */
export function directoryUrl(publicUrl: string, tlp: 'WHITE' | 'GREEN' | 'AMBER', initialRelease: string): string {
  return `${publicUrl}/.well-known/csaf/${tlpDir[tlp]}/${new Date(initialRelease).getUTCFullYear()}/`;
}

export interface DraftRow {
  tracking_id: string;
  title: string;
  summary: string;
  tlp: 'WHITE' | 'GREEN' | 'AMBER';
  doc_references: { url: string; summary: string }[];
  credit_reporter: boolean;
  category: AdvisoryCategory;
  vex_justifications: VexJustification[];
}

export async function loadDraft(db: Queryable, caseId: string) {
  const [c] = await db.query<{ reference: string; title: string; summary: string }>(
    'SELECT reference, title, summary FROM cases WHERE id = $1',
    [caseId],
  );
  if (!c) throw new AppError('not_found');
  const [d] = await db.query<DraftRow>('SELECT * FROM advisory_drafts WHERE case_id = $1', [caseId]);
  const draft: DraftRow = d ?? {
    tracking_id: `ISAO-${c.reference}`,
    title: c.title,
    summary: c.summary,
    tlp: 'WHITE',
    doc_references: [],
    credit_reporter: true,
    category: 'csaf_security_advisory',
    vex_justifications: [],
  };
  return { draft, saved: d !== undefined };
}

/** Everything the CSAF builder needs, read from the case as it is now. */
export async function advisoryInput(
  ctx: AppContext,
  db: Queryable,
  caseId: string,
  draft: DraftRow,
  revisions: AdvisoryInput['revisions'],
  initial: string,
) {
  const [publisher] = await db.query<{ name: string }>(
    "SELECT name FROM organisations WHERE kind = 'operator' ORDER BY created_at LIMIT 1",
  );
  const credits = draft.credit_reporter
    ? (
        await db.query<{ credit_name: string }>(
          "SELECT credit_name FROM reports WHERE case_id = $1 AND credit_consent AND credit_name <> '' ORDER BY received_at",
          [caseId],
        )
      ).map((r) => r.credit_name)
    : [];
  const vulns = await db.query<{
    id: string;
    position: number;
    title: string;
    description: string;
    cve: string | null;
    cwe: string | null;
    cvss31_vector: string | null;
    cvss31_score: string | null;
  }>(
    'SELECT id, position, title, description, cve, cwe, cvss31_vector, cvss31_score FROM case_vulnerabilities WHERE case_id = $1 ORDER BY position',
    [caseId],
  );
  const vendors = await db.query<{ org_id: string; name: string }>(
    'SELECT cv.org_id, o.name FROM case_vendors cv JOIN organisations o ON o.id = cv.org_id WHERE cv.case_id = $1 ORDER BY o.name',
    [caseId],
  );
  const statements = await db.query<{
    org_id: string;
    vulnerability_id: string;
    status: 'under_investigation' | 'affected' | 'not_affected' | 'fixed';
    statement: string;
    affected_versions: string;
    fixed_versions: string;
    product: string;
  }>(
    'SELECT org_id, vulnerability_id, status, statement, affected_versions, fixed_versions, product FROM vendor_statements WHERE case_id = $1',
    [caseId],
  );
  const [{ reference }] = (await db.query<{ reference: string }>('SELECT reference FROM cases WHERE id = $1', [caseId])) as [
    { reference: string },
  ];
  const input: AdvisoryInput = {
    category: draft.category,
    trackingId: draft.tracking_id,
    title: draft.title,
    summary: draft.summary,
    tlp: draft.tlp,
    lang: 'en',
    publisher: { name: publisher?.name ?? 'OpenISAO', namespace: ctx.config.publicUrl },
    directoryUrl: directoryUrl(ctx.config.publicUrl, draft.tlp, initial),
    initialReleaseDate: initial,
    revisions,
    acknowledgments: credits,
    references: draft.doc_references,
    vulnerabilities: vulns.map((v) => {
      const cwe = v.cwe ? weaknesses.find((w) => w.id === v.cwe) : undefined;
      return {
        key: `${reference}#${v.position}`,
        title: v.title,
        description: v.description,
        cve: v.cve,
        cwe: cwe ? { id: cwe.id, name: cwe.name } : null,
        cvss31:
          v.cvss31_vector && v.cvss31_score !== null
            ? { vector: v.cvss31_vector, score: Number(v.cvss31_score), severity: levelOfScore(Number(v.cvss31_score)) }
            : null,
        statements: vendors.map((o) => {
          const s = statements.find((x) => x.org_id === o.org_id && x.vulnerability_id === v.id);
          const justification =
            s?.status === 'not_affected'
              ? (draft.vex_justifications.find((j) => j.vulnerabilityId === v.id && j.vendorOrgId === o.org_id)?.label ?? null)
              : null;
          return {
            vulnerabilityId: v.id,
            vendorOrgId: o.org_id,
            justification,
            vendor: o.name,
            product: s?.product || 'affected products',
            status: s?.status ?? null,
            statement: s?.statement ?? '',
            affectedVersions: s?.affected_versions ?? '',
            fixedVersions: s?.fixed_versions ?? '',
          };
        }),
      };
    }),
    generator: GENERATOR_VERSION,
  };
  return { input, credits };
}

interface PublishedRow {
  id: string;
  version: string;
  initial_release_date: Date;
  current_release_date: Date;
  content: { tracking: { revisions: { number: string; date: string; summary: string }[] } };
}

export async function published(db: Queryable, caseId: string) {
  const [row] = await db.query<PublishedRow>(
    'SELECT id, version, initial_release_date, current_release_date, content FROM advisories WHERE case_id = $1',
    [caseId],
  );
  return row ?? null;
}

/** The draft (saved or derived from the case), what publishing would produce, and the validator's verdict on it. */
