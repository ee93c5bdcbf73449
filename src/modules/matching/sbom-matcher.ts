import type { Sbom, SbomComponent } from '../sbom/index.ts';
import { type Purl, parsePurl } from '../identity/index.ts';
import type { VulnIdentity } from '../vulndb/vuln-db.ts';
import type { VulnRecord } from '../vulndb/vuln-record.ts';
import { type SeveritySummary, severityRank, summariseSeverity } from '../vulndb/severity.ts';
import { evaluateAffected } from './osv-affects.ts';
import { packageKeyOfPurl } from './package-key.ts';
import type { VulnIndex } from './vuln-index.ts';

/** The component a finding is about, as the scanner reports it. */
export interface FindingComponent {
  name: string;
  version: string | null;
  purl: string | null;
  cpe: string | null;
}

/** One vulnerability of one component, with everything needed to prioritise it. */
export interface Finding {
  component: FindingComponent;
  /** The distinct-component identity (package key @ version, or name @ version | CPE): findings are stored per it. */
  componentKey: string;
  vulnerability: VulnIdentity;
  summary: string | null;
  fixed: string[];
  kev: boolean;
  /** The CVE ids (own, alias or related) that put the finding in KEV. */
  kevCves: string[];
  epss: number | null;
  severity: SeveritySummary | null;
  matchedBy: 'purl' | 'cpe';
}

/** A component whose purl could not be used, and why. */
export interface UnusablePurl {
  name: string;
  purl: string;
  reason: string;
}

/** A component whose CPE could not be read, and why. */
export interface UnusableCpe {
  name: string;
  cpe: string;
  reason: string;
}

/** The outcome of matching one SBOM. */
export interface SbomMatch {
  /** Distinct components (duplicates by purl, or by name + version without one, counted once). */
  components: number;
  findings: Finding[];
  unusablePurls: UnusablePurl[];
  unusableCpes: UnusableCpe[];
  /** Components that name neither a usable purl nor a CPE, so nothing can match them. */
  unidentified: number;
  /** Components with a purl but no version: never reported as affected. */
  unversioned: number;
}

/** Matches every distinct component of an SBOM: by purl with each ecosystem's version rules, and by CPE. */
export function matchSbom(sbom: Sbom, index: VulnIndex): SbomMatch {
  const result: SbomMatch = { components: 0, findings: [], unusablePurls: [], unusableCpes: [], unidentified: 0, unversioned: 0 };
  const seen = new Set<string>();
  for (const component of sbom.components) {
    const { key: identity, purl, purlError } = componentIdentity(component);
    if (purlError) result.unusablePurls.push({ name: component.name, purl: component.purl!, reason: purlError });
    if (seen.has(identity)) continue;
    seen.add(identity);
    result.components++;
    if (!purl && !component.cpe) {
      result.unidentified++;
      continue;
    }
    const version = purl?.version ?? component.version;
    if (!version && !component.cpe) {
      result.unversioned++;
      continue;
    }
    const reported: FindingComponent = {
      name: component.name,
      version: version ?? null,
      purl: component.purl ?? null,
      cpe: component.cpe ?? null,
    };
    const matchable = {
      key: identity,
      packageKey: purl && version ? packageKeyOfPurl(purl) : undefined,
      version,
      cpe: component.cpe,
      cpeVersion: component.version,
      reported,
    };
    for (const f of matchComponent(matchable, index, (reason) =>
      result.unusableCpes.push({ name: component.name, cpe: component.cpe!, reason }),
    ))
      result.findings.push(f);
  }
  result.findings.sort(compareFindings);
  return result;
}

/** What matching needs of one distinct component. */
export interface MatchableComponent {
  /** The distinct-component identity (componentIdentity). */
  key: string;
  /** The package key of its usable purl, when the purl or the component has a version. */
  packageKey?: string;
  /** The version compared with affected ranges: the purl's, else the component's. */
  version?: string;
  cpe?: string;
  /** The component's own version, for CPE version ranges. */
  cpeVersion?: string;
  reported: FindingComponent;
}

/**
 * The findings of one component: by package key with its ecosystem's version rules, and by CPE. `onUnusableCpe`
 * hears why a CPE could not be read (the component is then matched by purl only).
 */
export function matchComponent(c: MatchableComponent, index: VulnIndex, onUnusableCpe?: (reason: string) => void): Finding[] {
  const hits = new Map<string, Hit>();
  if (c.packageKey && c.version) addPurlHits(hits, c.packageKey, c.version, index);
  if (c.cpe && index.cpes.size > 0) {
    try {
      for (const { record, fixed } of index.cpes.match(c.cpe, c.cpeVersion)) addHit(hits, index, record, fixed, 'cpe');
    } catch (e) {
      onUnusableCpe?.((e as Error).message.slice(0, 200));
    }
  }
  const findings: Finding[] = [];
  for (const h of hits.values())
    findings.push({ ...describeFinding(c.reported, h.records, [...h.fixed], h.by, index), componentKey: c.key });
  return findings;
}

/** A component's identity among the distinct components (package key @ version, or name @ version | CPE), and its parsed purl. */
export function componentIdentity(component: SbomComponent): { key: string; purl?: Purl; purlError?: string } {
  let purl: Purl | undefined;
  let purlError: string | undefined;
  if (component.purl) {
    try {
      purl = parsePurl(component.purl);
    } catch (e) {
      purlError = (e as Error).message.slice(0, 200);
    }
  }
  // Qualifiers and subpath (type=jar, arch=amd64) name artifacts of one package version: one component here.
  const key = purl
    ? `${packageKeyOfPurl(purl)}@${purl.version ?? component.version ?? ''}`
    : `${component.group ?? ''}/${component.name}@${component.version ?? ''}|${component.cpe ?? ''}`;
  return { key, purl, purlError };
}

interface Hit {
  records: VulnRecord[];
  fixed: Set<string>;
  by: Finding['matchedBy'];
}

// Records of one alias group are one finding, whichever way (purl or CPE) they matched.
function addHit(hits: Map<string, Hit>, index: VulnIndex, record: VulnRecord, fixed: readonly string[], by: Finding['matchedBy']): void {
  const group = index.db.groupOf(record.id);
  const hit = hits.get(group) ?? { records: [], fixed: new Set<string>(), by };
  if (!hit.records.includes(record)) hit.records.push(record);
  for (const f of fixed) hit.fixed.add(f);
  if (by === 'purl') hit.by = 'purl';
  hits.set(group, hit);
}

function addPurlHits(hits: Map<string, Hit>, packageKey: string, version: string, index: VulnIndex): void {
  for (const { record, affected } of index.candidates(packageKey)) {
    const verdict = evaluateAffected(affected, version);
    if (verdict.affected) addHit(hits, index, record, verdict.fixed, 'purl');
  }
}

/** Builds a finding from the records of one alias group: identity, severity, KEV (via any alias or related CVE) and EPSS. */
export function describeFinding(
  component: FindingComponent,
  records: VulnRecord[],
  fixed: string[],
  matchedBy: Finding['matchedBy'],
  index: VulnIndex,
): Omit<Finding, 'componentKey'> {
  const db = index.db;
  const vulnerability = db.identityOf(records);
  const cves = [vulnerability.id, ...vulnerability.aliases, ...vulnerability.related].filter((id) => id.startsWith('CVE-'));
  const kevCves = cves.filter((c) => db.kev.has(c));
  const own = [vulnerability.id, ...vulnerability.aliases].filter((id) => id.startsWith('CVE-'));
  const epssOf = (ids: string[]) => ids.map((c) => db.epss.get(c)?.epss).filter((x): x is number => x !== undefined);
  const epssScores = epssOf(own).length > 0 ? epssOf(own) : epssOf(cves);
  const severity = summariseSeverity(records.flatMap((r) => r.severity));
  return {
    component,
    vulnerability,
    summary: records.find((r) => r.summary)?.summary ?? null,
    fixed,
    kev: kevCves.length > 0,
    kevCves,
    epss: epssScores.length > 0 ? Math.max(...epssScores) : null,
    severity,
    matchedBy,
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(b.kev) - Number(a.kev) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    a.component.name.localeCompare(b.component.name) ||
    a.vulnerability.id.localeCompare(b.vulnerability.id)
  );
}
