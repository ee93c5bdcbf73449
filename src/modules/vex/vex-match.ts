/**
 * Which findings of a product version a statement speaks for: by vulnerability (its id or any alias, case-insensitive)
 * and by what it names — the product (every finding of the vulnerability), or components (purl without qualifiers,
 * CPE, name and version, or a ref of the version's SBOM).
 */
import { type Purl, parsePurl } from '../identity/index.ts';
import { packageKeyOfPurl } from '../matching/index.ts';
import { isInVers, parseVers } from '../matching/versions/ranges.ts';
import type { vexOutcomes } from '../../shared/api/vex.ts';
import type { Named, VexStatement } from './vex-statement.ts';
import { type VexFinding, type VexProduct, productPurl } from './vex-subject.ts';

/** A component of the version's SBOM as the matcher compares it (findings carry the same fields). */
export interface ComponentLike {
  key: string;
  ref?: string;
  name: string;
  version: string | null;
  purl: string | null;
  cpe: string | null;
}

/** What the matcher knows about the version's current SBOM: its serial, its name, the components the document names. */
export interface SbomIndex {
  documentId: string | null;
  components: ComponentLike[];
}

/** A statement's outcome and the findings it sets. */
export interface StatementMatch {
  outcome: (typeof vexOutcomes)[number];
  findings: VexFinding[];
  reason: string | null;
}

const norm = (s: string) => s.trim().toLowerCase();
const serialOf = (id: string | null) => (id ? norm(id).replace(/^urn:uuid:/, '') : null);

function tryPurl(text: string | null | undefined): Purl | null {
  if (!text) return null;
  try {
    return parsePurl(text);
  } catch {
    return null;
  }
}

/** Whether a version is among the versions or vers ranges a statement lists (none listed: every version). */
function versionIn(versions: Named['versions'], version: string | null): boolean {
  if (!versions || versions.length === 0) return true;
  if (version === null) return false;
  return versions.some((v) => {
    if (v.version !== undefined) return norm(v.version) === norm(version);
    try {
      return isInVers(parseVers(v.range!), version);
    } catch {
      return false;
    }
  });
}

/** Is a named thing this product version ('yes'), another version of it, or something else? */
export function productVerdict(n: Named, p: VexProduct, sbom: SbomIndex): 'yes' | 'other-version' | 'no' {
  const version = (v: string | undefined) =>
    (v === undefined || norm(v) === norm(p.version)) && versionIn(n.versions, p.version) ? 'yes' : 'other-version';
  if (n.sbomRef) {
    const ours = n.sbomRef.serial !== undefined && n.sbomRef.serial === serialOf(sbom.documentId);
    return ours && !sbom.components.some((c) => c.ref === n.sbomRef!.ref) ? version(undefined) : 'no';
  }
  const purl = tryPurl(n.purl);
  if (purl) {
    const own = parsePurl(productPurl(p));
    const same = purl.type === own.type && norm(purl.namespace ?? '') === norm(own.namespace ?? '') && norm(purl.name) === norm(own.name);
    return same ? version(purl.version) : 'no';
  }
  if (!n.name) return 'no';
  const name = norm(n.name);
  const full = [`${p.productName} ${p.version}`, `${p.manufacturer} ${p.productName} ${p.version}`].map(norm);
  if (full.includes(name)) return version(n.version);
  const names = [p.productName, p.model, p.sbomName].flatMap((x) => (x ? [norm(x)] : []));
  return names.includes(name) ? version(n.version) : 'no';
}

/** Does a named component denote this component? */
export function componentMatches(n: Named, c: ComponentLike): boolean {
  if (!versionIn(n.versions, c.version)) return false;
  if (n.sbomRef) return c.ref !== undefined && c.ref === n.sbomRef.ref;
  const purl = tryPurl(n.purl);
  if (purl) {
    const own = tryPurl(c.purl);
    if (own) return packageKeyOfPurl(own) === packageKeyOfPurl(purl) && (purl.version === undefined || purl.version === own.version);
    // A component without a purl: the purl's name and version against the component's.
    return norm(purl.name) === norm(c.name) && (purl.version === undefined || purl.version === c.version);
  }
  if (n.cpe) return c.cpe !== null && norm(c.cpe) === norm(n.cpe);
  if (n.name) return norm(n.name) === norm(c.name) && (n.version === undefined || n.version === c.version);
  return false;
}

// Built once per findings list and SBOM index (an import matches thousands of statements against the same ones).
const findingsById = new WeakMap<VexFinding[], Map<string, VexFinding[]>>();
const refsByKey = new WeakMap<SbomIndex, Map<string, string>>();

function findingsOf(findings: VexFinding[], ids: string[]): VexFinding[] {
  let index = findingsById.get(findings);
  if (!index) {
    index = new Map();
    for (const f of findings) for (const id of new Set(f.ids.map(norm))) index.set(id, [...(index.get(id) ?? []), f]);
    findingsById.set(findings, index);
  }
  return [...new Set(ids.flatMap((id) => index.get(norm(id)) ?? []))];
}

/** A finding as a component to compare (with the SBOM ref when the index knows it). */
function asComponent(f: VexFinding, sbom: SbomIndex): ComponentLike {
  let refs = refsByKey.get(sbom);
  if (!refs) {
    refs = new Map(sbom.components.flatMap((c) => (c.ref === undefined ? [] : [[c.key, c.ref] as const])));
    refsByKey.set(sbom, refs);
  }
  const ref = refs.get(f.componentKey);
  return { key: f.componentKey, ...(ref ? { ref } : {}), ...f.component };
}

/** Matches one statement against the open findings of the version. */
export function matchStatement(s: VexStatement, product: VexProduct, findings: VexFinding[], sbom: SbomIndex): StatementMatch {
  if (s.state === null) return { outcome: 'unsupported', findings: [], reason: s.unsupported ?? 'no VEX state' };
  const ofVuln = findingsOf(findings, s.ids);
  const hit = new Set<VexFinding>();
  let concernsUs = false;
  const elsewhere: string[] = [];
  for (const t of s.targets) {
    const parent = t.product ? productVerdict(t.product, product, sbom) : null;
    let item = t.component;
    if (parent === 'other-version') {
      elsewhere.push(`names other versions of ${t.product!.label}`);
      continue;
    }
    if (item && parent === 'no') {
      elsewhere.push(`names another product, ${t.product!.label}`);
      continue;
    }
    if (!item && parent === 'yes') {
      concernsUs = true;
      for (const f of ofVuln) hit.add(f);
      continue;
    }
    item ??= t.product!; // a product that is not this version: it may be one of its components (a supplier's VEX)
    const self = item.sbomRef ? productVerdict(item, product, sbom) : 'no';
    if (self !== 'no') {
      // A BOM-Link to this version's SBOM that names no component of it names the product itself.
      if (self === 'other-version') elsewhere.push(`names other versions of ${item.label}`);
      else for (const f of ofVuln) hit.add(f);
      concernsUs ||= self === 'yes';
      continue;
    }
    const matched = ofVuln.filter((f) => componentMatches(item, asComponent(f, sbom)));
    for (const f of matched) hit.add(f);
    if (matched.length > 0 || parent === 'yes' || sbom.components.some((c) => componentMatches(item, c))) concernsUs = true;
    else
      elsewhere.push(
        t.component ? `names ${item.label}, which is not a component of this version's SBOM` : `names another product, ${item.label}`,
      );
  }
  if (hit.size > 0) return { outcome: 'applied', findings: [...hit], reason: null };
  if (concernsUs)
    return {
      outcome: 'no_matching_finding',
      findings: [],
      reason: `no open finding of ${s.vulnerability} matches what the statement names`,
    };
  return { outcome: 'other_product', findings: [], reason: `The statement ${elsewhere[0] ?? 'names nothing of this version'}.` };
}
