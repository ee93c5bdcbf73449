/** The manufacturer's statements as a CycloneDX 1.5 VEX (JSON): one vulnerability entry per open finding. */
import { randomUUID } from 'node:crypto';
import type { VexFinding, VexProduct } from './vex-subject.ts';
import { productPurl } from './vex-subject.ts';
import { aliasesOf, sourceOf } from './vuln-sources.ts';

/** Who produced the document, as the formats name the tool. */
export const TOOL = { name: 'OpenISAO', version: '0.1.0' } as const;

const componentTypes = new Set([
  'application',
  'framework',
  'library',
  'container',
  'platform',
  'operating-system',
  'device',
  'device-driver',
  'firmware',
  'file',
  'machine-learning-model',
  'data',
]);

/** The bom-ref of the product version itself in the exported document. */
export const PRODUCT_REF = 'product-version';

/** A CycloneDX rating from the stored severity; the method from the CVSS vector's prefix. */
function ratingOf(severity: VexFinding['severity']): Record<string, unknown>[] {
  if (!severity) return [];
  const rating: Record<string, unknown> = { severity: severity.level };
  if (severity.score !== null) rating.score = severity.score;
  if (severity.vector) {
    rating.vector = severity.vector;
    const v = severity.vector;
    rating.method = v.startsWith('CVSS:4.0/')
      ? 'CVSSv4'
      : v.startsWith('CVSS:3.1/')
        ? 'CVSSv31'
        : v.startsWith('CVSS:3.0/')
          ? 'CVSSv3'
          : 'CVSSv2';
  }
  return [rating];
}

/** The components the findings are about, one per identity, with the bom-refs the affects entries point to. */
function componentsOf(findings: VexFinding[]): { components: Record<string, unknown>[]; refOf: Map<string, string> } {
  const refOf = new Map<string, string>();
  const taken = new Set<string>([PRODUCT_REF]);
  const components: Record<string, unknown>[] = [];
  for (const f of findings) {
    if (refOf.has(f.componentKey)) continue;
    const c = f.component;
    let ref = c.purl ?? `component-${components.length + 1}`;
    while (taken.has(ref)) ref = `component-${components.length + 1}-${taken.size}`;
    taken.add(ref);
    refOf.set(f.componentKey, ref);
    const out: Record<string, unknown> = {
      type: c.kind && componentTypes.has(c.kind) ? c.kind : 'library',
      'bom-ref': ref,
      name: c.name,
    };
    if (c.supplier) out.supplier = { name: c.supplier };
    if (c.version) out.version = c.version;
    if (c.cpe) out.cpe = c.cpe;
    if (c.purl) out.purl = c.purl;
    components.push(out);
  }
  return { components, refOf };
}

function vulnerabilityOf(f: VexFinding, ref: string): Record<string, unknown> {
  const analysis: Record<string, unknown> = { state: f.state };
  if (f.state === 'not_affected' && f.justification) analysis.justification = f.justification;
  if (f.responses.length > 0) analysis.response = f.responses;
  if (f.detail) analysis.detail = f.detail;
  analysis.firstIssued = f.openedAt.toISOString();
  analysis.lastUpdated = f.updatedAt.toISOString();
  const out: Record<string, unknown> = { 'bom-ref': `finding-${f.id}`, id: f.vulnKey, source: sourceOf(f.vulnKey) };
  const aliases = aliasesOf(f);
  if (aliases.length > 0) out.references = aliases.map((id) => ({ id, source: sourceOf(id) }));
  const ratings = ratingOf(f.severity);
  if (ratings.length > 0) out.ratings = ratings;
  if (f.summary) out.description = f.summary;
  out.analysis = analysis;
  out.affects = [{ ref }];
  return out;
}

/** Builds the CycloneDX 1.5 VEX of a product version. */
export function cycloneDxVex(product: VexProduct, findings: VexFinding[], now: Date): Record<string, unknown> {
  const { components, refOf } = componentsOf(findings);
  const subject: Record<string, unknown> = {
    type: 'device',
    'bom-ref': PRODUCT_REF,
    supplier: { name: product.manufacturer },
    name: product.productName,
    version: product.version,
    purl: productPurl(product),
  };
  if (product.model) subject.description = `Model ${product.model}`;
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: now.toISOString(),
      tools: { components: [{ type: 'application', name: TOOL.name, version: TOOL.version }] },
      component: subject,
      supplier: { name: product.manufacturer },
    },
    components,
    vulnerabilities: findings.map((f) => vulnerabilityOf(f, refOf.get(f.componentKey)!)),
  };
}
