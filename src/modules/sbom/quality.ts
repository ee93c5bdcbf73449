/** NTIA minimum-elements assessment of a parsed SBOM. A pure function of the Sbom. */
import type { ComponentElement, ComponentGap, DocumentCheck, ElementCoverage, QualityVerdict, SbomQuality } from './quality.types.ts';
import type { Sbom, SbomComponent } from './sbom.types.ts';

const ELEMENTS: readonly ComponentElement[] = ['supplier', 'name', 'version', 'uniqueIdentifier'];
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** The minimum elements a component lacks. */
export function missingElements(component: SbomComponent): ComponentElement[] {
  const missing: ComponentElement[] = [];
  if (!component.supplier) missing.push('supplier');
  if (!component.name) missing.push('name');
  if (!component.version) missing.push('version');
  if (!component.purl && !component.cpe && component.hashes.length === 0) missing.push('uniqueIdentifier');
  return missing;
}

/** True for an ISO 8601 date-time with a real calendar date and clock time ("2024-02-30T…" is not). */
export function isIsoDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 60;
}

/** Assesses an SBOM against the NTIA minimum elements. */
export function assessQuality(sbom: Sbom): SbomQuality {
  const total = sbom.components.length;
  const counts: Record<ComponentElement, number> = { supplier: 0, name: 0, version: 0, uniqueIdentifier: 0 };
  const identifiers = { purl: 0, cpe: 0, hash: 0, none: 0 };
  const incomplete: ComponentGap[] = [];
  for (const component of sbom.components) {
    const missing = missingElements(component);
    for (const element of ELEMENTS) if (!missing.includes(element)) counts[element]++;
    if (component.purl) identifiers.purl++;
    if (component.cpe) identifiers.cpe++;
    if (component.hashes.length > 0) identifiers.hash++;
    if (missing.includes('uniqueIdentifier')) identifiers.none++;
    if (missing.length > 0) incomplete.push({ ref: component.ref, name: component.name, missing });
  }
  const stated = new Set(sbom.dependencies.map((d) => d.ref));
  const withEntry = sbom.components.reduce((n, c) => (stated.has(c.ref) ? n + 1 : n), 0);
  const document = { author: authorCheck(sbom), timestamp: timestampCheck(sbom), dependencies: dependencyCheck(sbom) };
  const subject = sbom.subject ? { ref: sbom.subject.ref, name: sbom.subject.name, missing: missingElements(sbom.subject) } : undefined;
  const elements = Object.fromEntries(ELEMENTS.map((e) => [e, coverage(counts[e], total)])) as Record<ComponentElement, ElementCoverage>;
  const complete = coverage(total - incomplete.length, total);
  const failedChecks = Object.values(document).filter((c) => !c.ok).length;
  const verdict: QualityVerdict =
    failedChecks === 0 && incomplete.length === 0 && (subject?.missing.length ?? 0) === 0
      ? 'meets-minimum-elements'
      : failedChecks >= 2 || complete.percent < 50
        ? 'insufficient'
        : 'partial';
  const report: SbomQuality = {
    verdict,
    summary: '',
    document,
    componentCount: total,
    elements,
    identifiers,
    complete,
    dependencyEntries: coverage(withEntry, total),
    incomplete,
  };
  if (subject) report.subject = subject;
  report.summary = summarize(report);
  return report;
}

function coverage(present: number, total: number): ElementCoverage {
  return { present, missing: total - present, percent: total === 0 ? 100 : Math.round((present / total) * 1000) / 10 };
}

function authorCheck(sbom: Sbom): DocumentCheck {
  if (sbom.authors.length === 0) return { ok: false, detail: 'no author of the SBOM data (person, organisation or tool) is named' };
  const shown = sbom.authors.slice(0, 3).join('; ');
  return { ok: true, detail: `author: ${shown}${sbom.authors.length > 3 ? ` and ${sbom.authors.length - 3} more` : ''}` };
}

function timestampCheck(sbom: Sbom): DocumentCheck {
  if (sbom.timestamp === undefined) return { ok: false, detail: 'no timestamp' };
  if (!isIsoDateTime(sbom.timestamp)) return { ok: false, detail: `timestamp "${sbom.timestamp}" is not an ISO 8601 date-time` };
  const zone = /(Z|[+-]\d{2}(:?\d{2})?)$/.test(sbom.timestamp) ? '' : ' (no time zone)';
  return { ok: true, detail: `timestamp ${sbom.timestamp}${zone}` };
}

function dependencyCheck(sbom: Sbom): DocumentCheck {
  const edges = sbom.dependencies.reduce((n, d) => n + d.dependsOn.length, 0);
  if (!sbom.subject) {
    if (edges > 0) return { ok: true, detail: `no subject is named; ${count(edges, 'dependency relationship')} stated` };
    if (sbom.components.length <= 1) return { ok: true, detail: 'no subject and at most one component: nothing to relate' };
    return { ok: false, detail: 'no dependency relationships are stated' };
  }
  const own = sbom.dependencies.find((d) => d.ref === sbom.subject!.ref);
  const name = `"${sbom.subject.name}"`;
  if (own && own.dependsOn.length > 0) {
    return {
      ok: true,
      detail: `${name} states ${count(own.dependsOn.length, 'direct dependency', 'direct dependencies')}; ${count(edges, 'relationship')} in all`,
    };
  }
  if (sbom.components.length === 0) return { ok: true, detail: `${name} has no components to depend on` };
  if (own)
    return { ok: false, detail: `${name} states an empty dependency list although the SBOM lists ${sbom.components.length} components` };
  return {
    ok: false,
    detail: `the dependencies of ${name} are not stated${edges > 0 ? ` (${count(edges, 'relationship')} between other components are)` : ''}`,
  };
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

function summarize(report: SbomQuality): string {
  const total = report.componentCount;
  if (report.verdict === 'meets-minimum-elements') return `Meets the NTIA minimum elements (${count(total, 'component')}).`;
  const gaps: string[] = Object.entries(report.document).flatMap(([name, check]) => (check.ok ? [] : [`${name}: ${check.detail}`]));
  for (const element of ELEMENTS) {
    const { missing } = report.elements[element];
    if (missing > 0)
      gaps.push(
        `${element === 'uniqueIdentifier' ? 'unique identifier (purl, CPE or hash)' : element} missing in ${missing} of ${total} components`,
      );
  }
  if (report.subject && report.subject.missing.length > 0) gaps.push(`the subject lacks ${report.subject.missing.join(', ')}`);
  const lead = report.verdict === 'partial' ? 'Partly meets' : 'Does not meet';
  return `${lead} the NTIA minimum elements: ${report.complete.present} of ${total} components (${report.complete.percent}%) are complete. ${gaps.join('; ')}.`;
}
