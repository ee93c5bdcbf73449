/** The manufacturer's statements as a CSAF 2.0 csaf_vex document: one vulnerability per id, one product per finding. */
import { cvssBaseScore, levelOfScore } from '../vulndb/severity.ts';
import { TOOL } from './cyclonedx-vex-export.ts';
import { csafProductTree } from './csaf-product-tree.ts';
import { type CsafRemediation, type CsafStatus, cisaJustificationOf, responseOut, stateOut } from './vex-mapping.ts';
import type { VexFinding, VexProduct } from './vex-subject.ts';
import { slug } from './vex-subject.ts';
import { aliasesOf, isCve, sourceOf } from './vuln-sources.ts';

type Json = Record<string, unknown>;

const remediationText: Record<CsafRemediation, string> = {
  vendor_fix: 'The manufacturer provides a fixed release.',
  workaround: 'A workaround is available from the manufacturer.',
  mitigation: 'A mitigation is available from the manufacturer.',
  no_fix_planned: 'No fix is planned.',
  none_available: 'No remediation is available yet.',
};

/** A CVSS v3 score object for the products, when the stored vector is CVSS 3.x (score computed from the vector, as test 6.1.9 does). */
function scoresOf(findings: VexFinding[], productIds: string[]): Json[] {
  const vector = findings.map((f) => f.severity?.vector).find((v) => v?.startsWith('CVSS:3.1/') || v?.startsWith('CVSS:3.0/'));
  const score = vector ? cvssBaseScore(vector) : undefined;
  if (!vector || score === undefined) return [];
  const cvss = { version: vector.slice(5, 8), vectorString: vector, baseScore: score, baseSeverity: levelOfScore(score).toUpperCase() };
  return [{ products: productIds, cvss_v3: cvss }];
}

/** One CSAF vulnerability for the findings of one vulnerability key (one product id per finding). */
function vulnerabilityOf(findings: VexFinding[], idOf: Map<string, string>): Json {
  const first = findings[0]!;
  const status: Partial<Record<CsafStatus, string[]>> = {};
  const flags = new Map<string, string[]>();
  const threats: Json[] = [];
  const remediations: Json[] = [];
  for (const f of findings) {
    const pid = idOf.get(f.componentKey)!;
    const group = stateOut[f.state].csaf;
    (status[group] ??= []).push(pid);
    const label = cisaJustificationOf(f.state, f.justification);
    if (label) flags.set(label, [...(flags.get(label) ?? []), pid]);
    // Test 6.1.27.9: every known_not_affected product needs an impact statement; the detail is carried for every state.
    if (f.detail || group === 'known_not_affected')
      threats.push({ category: 'impact', details: f.detail ?? `Not affected (${label ?? 'no justification given'}).`, product_ids: [pid] });
    if (group === 'known_affected') {
      // Test 6.1.27.10: every known_affected product needs a remediation.
      const categories = [...new Set(f.responses.map((r) => responseOut[r]))];
      for (const category of categories.length > 0 ? categories : (['none_available'] as const))
        remediations.push({ category, details: f.detail ?? remediationText[category], product_ids: [pid] });
    }
  }
  const out: Json = {};
  const aliases = aliasesOf(first);
  if (isCve(first.vulnKey)) out.cve = first.vulnKey;
  const ids = (isCve(first.vulnKey) ? aliases : [first.vulnKey, ...aliases]).map((id) => ({ system_name: sourceOf(id).name, text: id }));
  if (ids.length > 0) out.ids = ids;
  const components = [...new Set(findings.map((f) => f.component.name))].join(', ');
  out.notes = [{ category: 'description', title: 'Summary', text: first.summary ?? `${first.vulnKey} in ${components}.` }];
  out.product_status = status;
  if (flags.size > 0) out.flags = [...flags].map(([label, product_ids]) => ({ label, product_ids }));
  if (remediations.length > 0) out.remediations = remediations;
  const scores = scoresOf(
    findings,
    findings.map((f) => idOf.get(f.componentKey)!),
  );
  if (scores.length > 0) out.scores = scores;
  if (threats.length > 0) out.threats = threats;
  return out;
}

/** The document's tracking id: product, version and the export time (each export is a new document). */
export function csafTrackingId(product: VexProduct, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `OPENISAO-VEX-${slug(product.productName)}-${slug(product.version)}-${stamp}`.toUpperCase();
}

/** The file name CSAF 2.0 section 5.1 derives from the tracking id. */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;
}

/** Builds the CSAF 2.0 csaf_vex document of a product version. */
export function csafVex(product: VexProduct, findings: VexFinding[], now: Date, publicUrl: string): Json {
  const { productTree, idOf } = csafProductTree(product, findings);
  const byVuln = new Map<string, VexFinding[]>();
  for (const f of findings) byVuln.set(f.vulnKey, [...(byVuln.get(f.vulnKey) ?? []), f]);
  const date = now.toISOString();
  const website = product.website && /^https?:\/\/\S+$/.test(product.website) ? product.website : null;
  return {
    document: {
      category: 'csaf_vex',
      csaf_version: '2.0',
      lang: 'en',
      title: `VEX of ${product.manufacturer} for ${product.productName} ${product.version}`,
      publisher: {
        category: 'vendor',
        name: product.manufacturer,
        namespace: website ?? `${publicUrl}/organisations/${product.ownerOrgId}`,
      },
      notes: [
        {
          category: 'summary',
          title: 'About this document',
          text: `The manufacturer's statements on the vulnerabilities matched in the SBOM of ${product.productName} ${product.version}: whether the device is affected, and what to do.`,
        },
      ],
      tracking: {
        id: csafTrackingId(product, now),
        status: 'final',
        version: '1',
        initial_release_date: date,
        current_release_date: date,
        revision_history: [{ date, number: '1', summary: 'Exported from OpenISAO.' }],
        generator: { date, engine: { name: TOOL.name, version: TOOL.version } },
      },
    },
    product_tree: productTree,
    vulnerabilities: [...byVuln.values()].map((group) => vulnerabilityOf(group, idOf)),
  };
}
