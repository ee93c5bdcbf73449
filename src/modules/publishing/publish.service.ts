/**
 * A case's advisory: drafted by ISAO coordinators (title, summary, TLP, references, reporter credit), built as CSAF 2.0
 * from the case (vulnerabilities, vendor statements) and published only when the validator's mandatory AND optional
 * tests all pass. Publishing signs the file (OpenPGP), stores it as an advisory (source "published") that the provider
 * directory serves, and each publication after the first is a new revision.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import type { DraftBody } from '../../shared/api/publishing.ts';
import type { Audience, Tlp } from '../../shared/vocabulary.ts';
import { appendAudit } from '../audit/index.ts';
import { csafFileName, summariseCsaf, validateCsaf } from '../csaf/index.ts';
import { type Actor, isOperatorStaff } from '../policy/index.ts';
import { weaknesses } from '@secvisogram/csaf-validator-lib/cwe.js';
import { levelOfScore } from '../vulndb/index.ts';
import { type AdvisoryInput, buildCsafAdvisory } from './csaf-build.ts';
import { signDetached, signingKey } from './signing.ts';

const GENERATOR_VERSION = '0.1.0';
const tlpDir = { WHITE: 'white', GREEN: 'green', AMBER: 'amber' } as const;
const policyOf: Record<'WHITE' | 'GREEN' | 'AMBER', { tlp: Tlp; audience: Audience }> = {
  WHITE: { tlp: 'CLEAR', audience: 'public' },
  GREEN: { tlp: 'GREEN', audience: 'members' },
  AMBER: { tlp: 'AMBER', audience: 'members' },
};

function assertStaff(actor: Actor) {
  if (!isOperatorStaff(actor)) throw new AppError('forbidden', 'Only ISAO coordinators draft and publish advisories.');
}

/** The folder URL the provider directory serves a document from (its canonical URL without the file name). */
export function directoryUrl(publicUrl: string, tlp: 'WHITE' | 'GREEN' | 'AMBER', initialRelease: string): string {
  return `${publicUrl}/.well-known/csaf/${tlpDir[tlp]}/${new Date(initialRelease).getUTCFullYear()}/`;
}

interface DraftRow {
  tracking_id: string;
  title: string;
  summary: string;
  tlp: 'WHITE' | 'GREEN' | 'AMBER';
  doc_references: { url: string; summary: string }[];
  credit_reporter: boolean;
}

async function loadDraft(db: Queryable, caseId: string) {
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
  };
  return { draft, saved: d !== undefined };
}

/** Everything the CSAF builder needs, read from the case as it is now. */
async function advisoryInput(
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
    status: 'affected';
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
          return {
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

async function published(db: Queryable, caseId: string) {
  const [row] = await db.query<PublishedRow>(
    'SELECT id, version, initial_release_date, current_release_date, content FROM advisories WHERE case_id = $1',
    [caseId],
  );
  return row ?? null;
}

/** The draft (saved or derived from the case), what publishing would produce, and the validator's verdict on it. */
export async function getDraft(ctx: AppContext, actor: Actor, caseId: string) {
  assertStaff(actor);
  const { draft, saved } = await loadDraft(ctx.db, caseId);
  const pub = await published(ctx.db, caseId);
  const now = ctx.clock.now().toISOString();
  const revisions = [
    ...(pub?.content.tracking.revisions ?? []),
    { number: String(Number(pub?.version ?? '0') + 1), date: now, summary: pub ? 'Updated.' : 'Initial version.' },
  ];
  const initial = pub ? new Date(pub.initial_release_date).toISOString() : now;
  const { input, credits } = await advisoryInput(ctx, ctx.db, caseId, draft, revisions, initial);
  const preview = buildCsafAdvisory(input);
  const validation = await validateCsaf(preview, { optional: true });
  return {
    caseId,
    trackingId: draft.tracking_id,
    title: draft.title,
    summary: draft.summary,
    tlp: draft.tlp,
    references: draft.doc_references,
    creditReporter: draft.credit_reporter,
    credits,
    saved,
    preview,
    validation,
    published: pub
      ? {
          advisoryId: pub.id,
          version: pub.version,
          currentReleaseDate: new Date(pub.current_release_date).toISOString(),
          url: `${directoryUrl(ctx.config.publicUrl, draft.tlp, initial)}${csafFileName(draft.tracking_id)}`,
        }
      : null,
  };
}

export async function saveDraft(ctx: AppContext, actor: Actor, caseId: string, body: z.infer<typeof DraftBody>, ip: string) {
  assertStaff(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const { draft } = await loadDraft(tx, caseId);
    const pub = await published(tx, caseId);
    if (pub && body.tlp !== draft.tlp)
      throw new AppError('conflict', 'The TLP of a published advisory does not change; publish a new advisory instead.');
    await tx.query(
      `INSERT INTO advisory_drafts (case_id, tracking_id, title, summary, tlp, doc_references, credit_reporter, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (case_id) DO UPDATE SET title = excluded.title, summary = excluded.summary, tlp = excluded.tlp,
         doc_references = excluded.doc_references, credit_reporter = excluded.credit_reporter, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [
        caseId,
        draft.tracking_id,
        body.title,
        body.summary,
        body.tlp,
        JSON.stringify(body.references),
        body.creditReporter,
        actor.personId,
        now,
      ],
    );
    await appendAudit(tx, {
      actor,
      action: 'advisory.draft_saved',
      targetType: 'case',
      targetId: caseId,
      ip,
      detail: { tlp: body.tlp },
      at: now,
    });
  });
  return getDraft(ctx, actor, caseId);
}

/** Publishes the draft (or a new revision of it) when every mandatory and optional test passes. */
export async function publishAdvisory(ctx: AppContext, actor: Actor, caseId: string, revisionSummary: string, ip: string) {
  assertStaff(actor);
  if (!ctx.config.publicUrl.startsWith('https://'))
    throw new AppError(
      'conflict',
      'CSAF advisories are published at an https:// address: set PUBLIC_URL to the https address of this ISAO.',
    );
  const now = ctx.clock.now();
  const key = await signingKey(ctx);
  await ctx.db.transaction(async (tx) => {
    await tx.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
    const { draft } = await loadDraft(tx, caseId);
    const pub = await published(tx, caseId);
    const revisions = [
      ...(pub?.content.tracking.revisions ?? []),
      {
        number: String(Number(pub?.version ?? '0') + 1),
        date: now.toISOString(),
        summary: revisionSummary || (pub ? 'Updated.' : 'Initial version.'),
      },
    ];
    const initial = pub ? new Date(pub.initial_release_date).toISOString() : now.toISOString();
    const { input } = await advisoryInput(ctx, tx, caseId, draft, revisions, initial);
    if (input.vulnerabilities.length === 0) throw new AppError('conflict', 'Add at least one vulnerability to the case first.');
    const doc = buildCsafAdvisory(input);
    const validation = await validateCsaf(doc, { optional: true });
    const problems = [...validation.errors, ...validation.warnings];
    if (problems.length > 0) {
      const tests = [...new Set(problems.map((p) => p.test))];
      throw new AppError(
        'csaf_invalid',
        `The advisory does not pass CSAF tests ${tests.join(', ')}: ${problems[0]!.message} (at ${problems[0]!.instancePath})`,
        {
          tests,
          errors: problems.slice(0, 50),
        },
      );
    }
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    const bytes = Buffer.from(text, 'utf8');
    const signature = await signDetached(key, bytes);
    const summary = summariseCsaf(doc);
    const p = policyOf[draft.tlp];
    const cves = summary.vulnerabilities.flatMap((v) => (v.cve ? [v.cve] : []));
    const vendors = [...new Set(summary.products.flatMap((x) => (x.vendor ? [x.vendor] : [])))];
    const maxScore = Math.max(-1, ...summary.vulnerabilities.flatMap((v) => v.scores.map((s) => s.baseScore)));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const search = [draft.title, draft.summary].join(' ');
    const keywords = [draft.tracking_id, ...cves, ...vendors].join(' ');
    let advisoryId: string;
    if (pub) {
      advisoryId = pub.id;
      await tx.query(
        `UPDATE advisories SET title = $2, version = $3, current_release_date = $4, csaf_tlp = $5, summary = $6, max_score = $7, cves = $8,
           vendors = $9, document = $10, sha256 = $11, content = $12, signature = $13, updated_at = $4,
           search = setweight(to_tsvector('english', $2), 'A') || setweight(to_tsvector('simple', $14), 'A') || setweight(to_tsvector('english', $15), 'B')
         WHERE id = $1`,
        [
          advisoryId,
          draft.title,
          summary.tracking.version,
          now,
          draft.tlp,
          draft.summary,
          maxScore < 0 ? null : maxScore,
          cves,
          vendors,
          text,
          sha256,
          JSON.stringify(summary),
          signature,
          keywords,
          search,
        ],
      );
    } else {
      const [row] = (await tx.query<{ id: string }>(
        `INSERT INTO advisories (publisher_namespace, publisher_name, tracking_id, source, case_id, category, title, lang, tracking_status, version,
           initial_release_date, current_release_date, csaf_tlp, summary, max_score, cves, vendors, document, sha256, content, signature, search,
           tlp, audience, owner_org_id, author_id, imported_at, updated_at)
         VALUES ($1, $2, $3, 'published', $4, 'csaf_security_advisory', $5, 'en', 'final', $6, $7, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
           setweight(to_tsvector('english', $5), 'A') || setweight(to_tsvector('simple', $17), 'A') || setweight(to_tsvector('english', $18), 'B'),
           $19, $20, $21, $22, $7, $7) RETURNING id`,
        [
          ctx.config.publicUrl,
          summary.publisher.name,
          draft.tracking_id,
          caseId,
          draft.title,
          summary.tracking.version,
          now,
          draft.tlp,
          draft.summary,
          maxScore < 0 ? null : maxScore,
          cves,
          vendors,
          text,
          sha256,
          JSON.stringify(summary),
          signature,
          keywords,
          search,
          p.tlp,
          p.audience,
          actor.orgId,
          actor.personId,
        ],
      )) as [{ id: string }];
      advisoryId = row.id;
    }
    await tx.query('DELETE FROM advisory_products WHERE advisory_id = $1', [advisoryId]);
    for (const x of summary.products)
      await tx.query(
        `INSERT INTO advisory_products (advisory_id, csaf_product_id, name, vendor, product_name, purl, statuses) VALUES ($1, $2, $3, $4, $5, $6, '{}')`,
        [advisoryId, x.productId, x.name, x.vendor, x.productName, x.purl],
      );
    await tx.query(
      `INSERT INTO advisory_revisions (advisory_id, sha256, version, current_release_date, document, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $4)`,
      [advisoryId, sha256, summary.tracking.version, now, text, actor.personId],
    );
    await appendAudit(tx, {
      actor,
      action: pub ? 'advisory.republished' : 'advisory.published',
      targetType: 'advisory',
      targetId: advisoryId,
      ip,
      detail: { caseId, trackingId: draft.tracking_id, version: summary.tracking.version, sha256, signedBy: key.fingerprint },
      at: now,
    });
  });
  return getDraft(ctx, actor, caseId);
}
