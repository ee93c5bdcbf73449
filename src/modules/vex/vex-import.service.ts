import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { PlacedError } from '../../shared/placed-error.ts';
import type { VexImportResult } from '../../shared/api/vex.ts';
import { appendAudit } from '../audit/index.ts';
import { parsePurl } from '../identity/index.ts';
import { packageKeyOfPurl } from '../matching/index.ts';
import type { Actor } from '../policy/index.ts';
import { readVex } from './read-vex.ts';
import { type ComponentLike, type SbomIndex, matchStatement } from './vex-match.ts';
import { type ImportedVex, type VexStatement, formatLabel } from './vex-statement.ts';
import { type VexFinding, openFindings, vexProduct } from './vex-subject.ts';

/** The components of the SBOM that a document names (by ref, package, CPE or name), to tell "no finding" from "not here". */
async function sbomIndex(tx: Queryable, sbomId: string, documentId: string | null, doc: ImportedVex): Promise<SbomIndex> {
  const refs = new Set<string>();
  const packages = new Set<string>();
  const cpes = new Set<string>();
  const names = new Set<string>();
  for (const s of doc.statements)
    for (const t of s.targets)
      for (const n of [t.product, t.component]) {
        if (!n) continue;
        if (n.sbomRef) refs.add(n.sbomRef.ref);
        if (n.cpe) cpes.add(n.cpe.toLowerCase());
        if (n.name) names.add(n.name.toLowerCase());
        if (n.purl) {
          try {
            const p = parsePurl(n.purl);
            packages.add(packageKeyOfPurl(p));
            names.add(p.name.toLowerCase());
          } catch {
            // an unreadable purl names nothing here
          }
        }
      }
  const rows = await tx.query<{
    ref: string;
    component_key: string;
    name: string;
    version: string | null;
    purl: string | null;
    cpe: string | null;
  }>(
    `SELECT ref, component_key, name, version, purl, cpe FROM sbom_components
      WHERE sbom_id = $1 AND (ref = ANY($2::text[]) OR package_key = ANY($3::text[]) OR lower(cpe) = ANY($4::text[]) OR lower(name) = ANY($5::text[]))`,
    [sbomId, [...refs], [...packages], [...cpes], [...names]],
  );
  return {
    documentId,
    components: rows.map((r): ComponentLike => ({
      key: r.component_key,
      ref: r.ref,
      name: r.name,
      version: r.version,
      purl: r.purl,
      cpe: r.cpe,
    })),
  };
}

const sameDecision = (f: VexFinding, s: VexStatement, detail: string) =>
  f.state === s.state &&
  f.justification === s.justification &&
  [...f.responses].sort().join() === [...s.responses].sort().join() &&
  f.detail === detail;

/**
 * Imports a VEX document (CycloneDX JSON/XML, OpenVEX, CSAF) for a product version: each statement is matched to the
 * open findings of the current SBOM and recorded as a decision — state, justification, responses, detail, a finding
 * event and an audit record per finding, as the finding panel does — all in one transaction. Later statements win.
 */
export async function importVex(
  ctx: AppContext,
  actor: Actor,
  versionId: string,
  bytes: Buffer,
  fileName: string | undefined,
  ip: string,
): Promise<z.infer<typeof VexImportResult>> {
  const product = await vexProduct(ctx, actor, versionId, 'manage');
  if (!product.sbomId) throw new AppError('conflict', 'This version has no SBOM yet: upload one, then import VEX statements about it.');
  let doc: ImportedVex;
  try {
    doc = readVex(bytes);
  } catch (e) {
    if (e instanceof PlacedError) throw new AppError('vex_invalid', e.message.slice(0, 1000), e.place ? { place: e.place } : undefined);
    throw e;
  }
  const sbomId = product.sbomId;
  const source = `Imported from ${formatLabel[doc.format]} VEX ${doc.documentId ?? fileName ?? '(no document id)'}`.slice(0, 5000);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const findings = await openFindings(tx, sbomId, { lock: true });
    const index = await sbomIndex(tx, sbomId, product.sbomDocumentId, doc);
    const matches = doc.statements.map((s) => ({ s, m: matchStatement(s, product, findings, index) }));
    if (matches.every(({ m }) => m.outcome === 'other_product')) {
      const first = matches[0]!;
      throw new AppError('vex_invalid', `The document is not about ${product.productName} ${product.version}: ${first.m.reason}`, {
        place: first.s.place,
      });
    }
    // Later statements win over earlier ones for the same finding.
    const decisions = new Map<string, { f: VexFinding; s: VexStatement }>();
    for (const { s, m } of matches) for (const f of m.findings) decisions.set(f.id, { f, s });
    let changed = 0;
    for (const { f, s } of decisions.values()) {
      const detail = (s.detail ?? source).slice(0, 5000);
      if (sameDecision(f, s, detail)) continue;
      changed++;
      await tx.query('UPDATE findings SET state = $2, justification = $3, responses = $4, detail = $5, updated_at = $6 WHERE id = $1', [
        f.id,
        s.state,
        s.justification,
        s.responses,
        detail,
        now,
      ]);
      await tx.query(
        `INSERT INTO finding_events (finding_id, at, kind, actor_person_id, from_state, to_state, justification, detail)
         VALUES ($1, $2, 'finding.state', $3, $4, $5, $6, $7)`,
        [f.id, now, actor.personId, f.state, s.state, s.justification, detail],
      );
      await appendAudit(tx, {
        actor,
        action: 'finding.vex_decided',
        targetType: 'finding',
        targetId: f.id,
        ip,
        at: now,
        detail: {
          vulnerability: f.vulnerability.id,
          component: f.component.name,
          from: f.state,
          to: s.state,
          justification: s.justification,
          source: { format: doc.format, document: doc.documentId, statement: s.place },
        },
      });
    }
    const items = matches.map(({ s, m }) => ({
      place: s.place,
      vulnerability: s.vulnerability,
      target: (s.targets.map((t) => [t.product?.label, t.component?.label].filter(Boolean).join(' / ')).join('; ') || '(nothing)').slice(
        0,
        500,
      ),
      state: s.state,
      outcome: m.outcome,
      findings: m.findings.length,
      reason: m.reason,
    }));
    const count = (o: (typeof items)[number]['outcome']) => items.filter((i) => i.outcome === o).length;
    const counts = {
      statements: items.length,
      applied: count('applied'),
      no_matching_finding: count('no_matching_finding'),
      other_product: count('other_product'),
      unsupported: count('unsupported'),
      findingsChanged: changed,
    };
    await appendAudit(tx, {
      actor,
      action: 'vex.imported',
      targetType: 'product_version',
      targetId: versionId,
      ip,
      at: now,
      detail: { format: doc.format, document: doc.documentId, fileName: fileName ?? null, ...counts },
    });
    return { format: doc.format, documentId: doc.documentId, counts, items };
  });
}
