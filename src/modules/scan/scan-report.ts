import type { Finding, SbomMatch } from '../matching/sbom-matcher.ts';

/** The machine-readable result for one SBOM, as `isao sbom scan --format json` prints it. */
export interface ScanReportJson {
  file: string;
  components: number;
  findings: {
    component: Finding['component'];
    vulnerability: Finding['vulnerability'];
    summary: string | null;
    fixed: string[];
    kev: boolean;
    kevCves: string[];
    epss: number | null;
    severity: Finding['severity'];
    matchedBy: Finding['matchedBy'];
  }[];
  unusablePurls: SbomMatch['unusablePurls'];
  unusableCpes: SbomMatch['unusableCpes'];
  unidentified: number;
  unversioned: number;
}

/** The JSON report of one SBOM. */
export function toJsonReport(file: string, match: SbomMatch): ScanReportJson {
  return {
    file,
    components: match.components,
    findings: match.findings.map((f) => ({
      component: f.component,
      vulnerability: f.vulnerability,
      summary: f.summary,
      fixed: f.fixed,
      kev: f.kev,
      kevCves: f.kevCves,
      epss: f.epss,
      severity: f.severity,
      matchedBy: f.matchedBy,
    })),
    unusablePurls: match.unusablePurls,
    unusableCpes: match.unusableCpes,
    unidentified: match.unidentified,
    unversioned: match.unversioned,
  };
}

const cell = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

/** The table for people: one line per finding, most urgent first (KEV, then severity). */
export function toTable(file: string, match: SbomMatch): string {
  const kevCount = match.findings.filter((f) => f.kev).length;
  const lines = [
    `${file}: ${match.components} components, ${match.findings.length} finding${match.findings.length === 1 ? '' : 's'}` +
      (kevCount > 0 ? `, ${kevCount} known exploited (KEV)` : ''),
  ];
  if (match.findings.length > 0) {
    lines.push(
      `  ${cell('SEVERITY', 9)} ${cell('SCORE', 5)} ${cell('KEV', 3)} ${cell('EPSS', 6)} ${cell('COMPONENT', 44)} ${cell('VULNERABILITY', 52)} FIXED IN`,
    );
    for (const f of match.findings) {
      const ids = f.vulnerability.aliases.length > 0 ? `${f.vulnerability.id} (${f.vulnerability.aliases.join(', ')})` : f.vulnerability.id;
      lines.push(
        `  ${cell(f.severity?.level ?? 'unrated', 9)} ${cell(f.severity?.score?.toFixed(1) ?? '', 5)} ${cell(f.kev ? 'KEV' : '', 3)} ` +
          `${cell(f.epss === null ? '' : f.epss.toFixed(3), 6)} ${cell(`${f.component.name}@${f.component.version ?? '?'}`, 44)} ${cell(ids, 52)} ` +
          `${f.fixed.length > 0 ? f.fixed.join(', ') : 'no fix listed'}`,
      );
    }
  }
  for (const u of match.unusablePurls) lines.push(`  unusable purl on ${u.name}: ${u.purl} (${u.reason})`);
  for (const u of match.unusableCpes) lines.push(`  unusable CPE on ${u.name}: ${u.cpe} (${u.reason})`);
  if (match.unidentified > 0) lines.push(`  ${match.unidentified} component(s) have no usable purl or CPE: nothing can match them.`);
  if (match.unversioned > 0) lines.push(`  ${match.unversioned} component(s) have no version: they cannot be matched to affected ranges.`);
  return lines.join('\n');
}
