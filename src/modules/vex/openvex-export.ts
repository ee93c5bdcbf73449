/** The manufacturer's statements as an OpenVEX 0.2.0 document: one statement per open finding. */
import { randomUUID } from 'node:crypto';
import { TOOL } from './cyclonedx-vex-export.ts';
import { cisaJustificationOf, stateOut } from './vex-mapping.ts';
import type { VexFinding, VexProduct } from './vex-subject.ts';
import { productPurl } from './vex-subject.ts';
import { aliasesOf, isCve, sourceOf } from './vuln-sources.ts';

/** The OpenVEX context this module writes and reads. */
export const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';

/** A component as an OpenVEX subcomponent: its purl, else its CPE, else a generic purl of name and version. */
function subcomponentOf(c: VexFinding['component']): Record<string, unknown> {
  if (c.purl) return { '@id': c.purl, identifiers: { purl: c.purl } };
  if (c.cpe) return { '@id': c.cpe, identifiers: c.cpe.startsWith('cpe:2.3:') ? { cpe23: c.cpe } : { cpe22: c.cpe } };
  const name = encodeURIComponent(c.name);
  return { '@id': `pkg:generic/${name}${c.version ? `@${encodeURIComponent(c.version)}` : ''}` };
}

function statementOf(f: VexFinding, productId: string): Record<string, unknown> {
  const status = stateOut[f.state].openvex;
  const vulnerability: Record<string, unknown> = { name: f.vulnKey };
  if (isCve(f.vulnKey)) vulnerability['@id'] = sourceOf(f.vulnKey).url;
  const aliases = aliasesOf(f);
  if (aliases.length > 0) vulnerability.aliases = aliases;
  if (f.summary) vulnerability.description = f.summary;
  const out: Record<string, unknown> = {
    vulnerability,
    timestamp: f.updatedAt.toISOString(),
    products: [{ '@id': productId, identifiers: { purl: productId }, subcomponents: [subcomponentOf(f.component)] }],
    status,
  };
  const detail = f.detail ?? undefined;
  if (status === 'not_affected') {
    const justification = cisaJustificationOf(f.state, f.justification);
    if (justification) out.justification = justification;
    // OpenVEX requires a justification or an impact statement: the detail, else a sentence from the justification.
    out.impact_statement = detail ?? `Not affected: ${justification ?? 'see the manufacturer'}.`;
  } else if (status === 'affected') {
    // Required for affected: what to do. The responses (update, workaround…) have no OpenVEX field of their own.
    out.action_statement = detail ?? (f.responses.length > 0 ? `Responses: ${f.responses.join(', ')}.` : 'No action is available yet.');
  } else if (detail) {
    out.status_notes = detail;
  }
  return out;
}

/** Builds the OpenVEX document of a product version. */
export function openVex(product: VexProduct, findings: VexFinding[], now: Date): Record<string, unknown> {
  const productId = productPurl(product);
  return {
    '@context': OPENVEX_CONTEXT,
    '@id': `urn:uuid:${randomUUID()}`,
    author: product.manufacturer,
    role: 'Manufacturer',
    timestamp: now.toISOString(),
    version: 1,
    tooling: `${TOOL.name} ${TOOL.version}`,
    statements: findings.map((f) => statementOf(f, productId)),
  };
}
