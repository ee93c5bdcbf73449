/**
 * A case's advisory: drafted by ISAO coordinators (title, summary, TLP, references, reporter credit), built as CSAF 2.0
 * from the case (vulnerabilities, vendor statements) and published only when the validator's mandatory AND optional
 * tests all pass. Publishing signs the file (OpenPGP), stores it as an advisory (source "published") that the provider
 * directory serves, and each publication after the first is a new revision.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { DraftBody } from '../../shared/api/publishing.ts';
import { appendAudit } from '../audit/index.ts';
import { appendCaseLog } from '../cases/index.ts';
import { csafFileName, summariseCsaf, validateCsaf } from '../csaf/index.ts';
import { type Actor, isOperatorStaff } from '../policy/index.ts';
import { buildCsafAdvisory } from './csaf-build.ts';
import { advisoryInput, directoryUrl, loadDraft, policyOf, published } from './advisory-draft.ts';
import { signDetached, signingKey } from './signing.ts';

type Input = Awaited<ReturnType<typeof advisoryInput>>['input'];

/** Every vendor's "not affected", with the justification picked and whether a VEX could say why (a label or the vendor's words). */
function notAffectedOf(input: Input) {
  return input.vulnerabilities.flatMap((v) =>
    v.statements
      .filter((s) => s.status === 'not_affected')
      .map((s) => ({
        vulnerabilityId: s.vulnerabilityId!,
        vulnerability: v.title,
        vendorOrgId: s.vendorOrgId!,
        vendor: s.vendor,
        product: s.product,
        statement: s.statement,
        label: s.justification ?? null,
        ready: Boolean(s.justification) || s.statement.trim() !== '',
      })),
  );
}

function assertStaff(actor: Actor) {
  if (!isOperatorStaff(actor)) throw new AppError('forbidden', 'Only ISAO coordinators draft and publish advisories.');
}

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
  const notAffected = notAffectedOf(input);
  return {
    caseId,
    trackingId: draft.tracking_id,
    title: draft.title,
    summary: draft.summary,
    tlp: draft.tlp,
    references: draft.doc_references,
    creditReporter: draft.credit_reporter,
    category: draft.category,
    justifications: draft.vex_justifications,
    suggestedCategory: notAffected.length > 0 ? ('csaf_vex' as const) : ('csaf_security_advisory' as const),
    notAffected,
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
    if (pub && body.category !== draft.category)
      throw new AppError('conflict', 'A published advisory keeps its document category (security advisory or VEX).');
    // One justification per vendor and vulnerability: the last one given stands.
    const justifications = [...new Map(body.justifications.map((j) => [`${j.vulnerabilityId}:${j.vendorOrgId}`, j])).values()];
    await tx.query(
      `INSERT INTO advisory_drafts (case_id, tracking_id, title, summary, tlp, doc_references, credit_reporter, updated_by, updated_at,
         category, vex_justifications)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (case_id) DO UPDATE SET title = excluded.title, summary = excluded.summary, tlp = excluded.tlp,
         doc_references = excluded.doc_references, credit_reporter = excluded.credit_reporter, updated_by = excluded.updated_by,
         updated_at = excluded.updated_at, category = excluded.category, vex_justifications = excluded.vex_justifications`,
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
        body.category,
        JSON.stringify(justifications),
      ],
    );
    await appendAudit(tx, {
      actor,
      action: 'advisory.draft_saved',
      targetType: 'case',
      targetId: caseId,
      ip,
      detail: { tlp: body.tlp, category: body.category },
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
    // A VEX says why a product is not affected: a justification the coordinator picked, or the vendor's own words (the
    // builder would otherwise fill in a sentence that passes the validator and tells the reader nothing).
    const unexplained = draft.category === 'csaf_vex' ? notAffectedOf(input).filter((x) => !x.ready) : [];
    if (unexplained.length > 0)
      throw new AppError(
        'vex_incomplete',
        `Pick a justification for ${unexplained.map((x) => `${x.vendor} ${x.product} (${x.vulnerability})`).join(', ')}: the vendor says not affected without saying why.`,
        { notAffected: unexplained.map((x) => ({ vulnerabilityId: x.vulnerabilityId, vendorOrgId: x.vendorOrgId })) },
      );
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
    // One statement for the first publication and every revision: the identity, owner and first release stay.
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO advisories (publisher_namespace, publisher_name, tracking_id, source, case_id, category, title, lang, tracking_status, version,
         initial_release_date, current_release_date, csaf_tlp, summary, max_score, cves, vendors, document, sha256, content, signature, search,
         tlp, audience, owner_org_id, author_id, imported_at, updated_at)
       VALUES ($1, $2, $3, 'published', $4, $23, $5, 'en', 'final', $6, $7, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
         setweight(to_tsvector('english', $5), 'A') || setweight(to_tsvector('simple', $17), 'A') || setweight(to_tsvector('english', $18), 'B'),
         $19, $20, $21, $22, $7, $7)
       ON CONFLICT (publisher_namespace, tracking_id) DO UPDATE SET title = excluded.title, version = excluded.version,
         current_release_date = excluded.current_release_date, summary = excluded.summary, max_score = excluded.max_score,
         cves = excluded.cves, vendors = excluded.vendors, document = excluded.document, sha256 = excluded.sha256,
         content = excluded.content, signature = excluded.signature, search = excluded.search, updated_at = excluded.updated_at
         WHERE advisories.case_id = excluded.case_id
       RETURNING id`,
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
        draft.category,
      ],
    );
    if (!row) throw new AppError('conflict', `Another advisory already has the tracking id ${draft.tracking_id}.`);
    const advisoryId = row.id;
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
    await appendCaseLog(
      tx,
      caseId,
      actor.personId,
      'advisory_published',
      { version: summary.tracking.version, trackingId: draft.tracking_id },
      now,
    );
    await appendAudit(tx, {
      actor,
      action: pub ? 'advisory.republished' : 'advisory.published',
      targetType: 'advisory',
      targetId: advisoryId,
      ip,
      detail: {
        caseId,
        trackingId: draft.tracking_id,
        category: draft.category,
        version: summary.tracking.version,
        sha256,
        signedBy: key.fingerprint,
      },
      at: now,
    });
  });
  return getDraft(ctx, actor, caseId);
}
