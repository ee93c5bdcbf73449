import { type Obj, asObject, optArray, optString, reqString } from './read-fields.ts';
import { cvssBaseScore } from './severity.ts';
import type { AffectedCpe, SeverityStatement, VulnRecord } from './vuln-record.ts';
import { VulnDataError } from './vuln-record.ts';

/** Whether a parsed JSON document is an NVD CVE API 2.0 answer (`format: NVD_CVE`, `vulnerabilities[].cve`). */
export function isNvdDocument(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as Obj).format === 'NVD_CVE' && Array.isArray((value as Obj).vulnerabilities)
  );
}

/**
 * The records of an NVD CVE API 2.0 answer: CVSS from `metrics`, CWE from `weaknesses`, and every vulnerable
 * `cpeMatch` of the configurations as a CPE-named product with its version range. Configurations that combine an
 * application with a platform (AND) are read as the application alone: a component matches whatever it runs on
 * (a possible false positive, never a miss).
 */
export function nvdToRecords(value: unknown): { records: VulnRecord[]; problems: { place: string; message: string }[] } {
  const doc = asObject(value, '$');
  const records: VulnRecord[] = [];
  const problems: { place: string; message: string }[] = [];
  optArray(doc, 'vulnerabilities', '$').forEach((v, i) => {
    const place = `$.vulnerabilities[${i}].cve`;
    try {
      records.push(nvdCve(asObject(asObject(v, `$.vulnerabilities[${i}]`).cve, place), place));
    } catch (e) {
      problems.push({ place, message: e instanceof Error ? e.message : String(e) });
    }
  });
  return { records, problems };
}

function nvdCve(cve: Obj, place: string): VulnRecord {
  const id = reqString(cve, 'id', place).toUpperCase();
  if (!/^CVE-\d{4}-\d{4,}$/.test(id)) throw new VulnDataError(`"${id.slice(0, 40)}" is not a CVE id`, `${place}.id`);
  const english = optArray(cve, 'descriptions', place).find((d) => typeof d === 'object' && d !== null && (d as Obj).lang === 'en');
  const severity: SeverityStatement[] = [];
  const metrics = typeof cve.metrics === 'object' && cve.metrics !== null ? (cve.metrics as Obj) : {};
  for (const [key, type] of [
    ['cvssMetricV40', 'CVSS_V4'],
    ['cvssMetricV31', 'CVSS_V3'],
    ['cvssMetricV30', 'CVSS_V3'],
    ['cvssMetricV2', 'CVSS_V2'],
  ] as const) {
    const list = Array.isArray(metrics[key]) ? (metrics[key] as unknown[]) : [];
    // The NVD's own ("Primary") score first, then a CNA's.
    const sorted = [...list].sort((a, b) => Number((b as Obj)?.type === 'Primary') - Number((a as Obj)?.type === 'Primary'));
    const data = (sorted[0] as Obj | undefined)?.cvssData as Obj | undefined;
    if (typeof data?.vectorString === 'string') severity.push({ type, value: data.vectorString, score: cvssBaseScore(data.vectorString) });
  }
  const cwes = optArray(cve, 'weaknesses', place).flatMap((w) =>
    typeof w === 'object' && w !== null && Array.isArray((w as Obj).description)
      ? ((w as Obj).description as unknown[])
          .map((d) => (d as Obj)?.value)
          .filter((x): x is string => typeof x === 'string' && x.startsWith('CWE-'))
      : [],
  );
  const affectedCpes: AffectedCpe[] = [];
  optArray(cve, 'configurations', place).forEach((c, ci) =>
    optArray(asObject(c, `${place}.configurations[${ci}]`), 'nodes', `${place}.configurations[${ci}]`).forEach((n, ni) => {
      const nPlace = `${place}.configurations[${ci}].nodes[${ni}]`;
      const node = asObject(n, nPlace);
      if (node.negate === true) return;
      optArray(node, 'cpeMatch', nPlace).forEach((m, mi) => {
        const match = asObject(m, `${nPlace}.cpeMatch[${mi}]`);
        if (match.vulnerable !== true) return;
        affectedCpes.push(cpeMatchToProduct(match, `${nPlace}.cpeMatch[${mi}]`));
      });
    }),
  );
  const status = optString(cve, 'vulnStatus', place);
  return {
    id,
    aliases: [],
    related: [],
    modified: optString(cve, 'lastModified', place),
    published: optString(cve, 'published', place),
    withdrawn: status === 'Rejected' ? (optString(cve, 'lastModified', place) ?? '1970-01-01T00:00:00Z') : undefined,
    summary: english ? String((english as Obj).value).slice(0, 500) : undefined,
    severity,
    affected: [],
    affectedCpes,
    cwes: [...new Set(cwes)],
    feed: 'nvd',
  };
}

function cpeMatchToProduct(match: Obj, place: string): AffectedCpe {
  const criteria = reqString(match, 'criteria', place);
  const startIncl = optString(match, 'versionStartIncluding', place);
  const startExcl = optString(match, 'versionStartExcluding', place);
  const endIncl = optString(match, 'versionEndIncluding', place);
  const endExcl = optString(match, 'versionEndExcluding', place);
  if (!startIncl && !startExcl && !endIncl && !endExcl) return { cpes: [criteria], versions: [] };
  return {
    cpes: [criteria],
    versions: [
      {
        version: startIncl ?? startExcl ?? '0',
        ...(startExcl ? { startExcluded: true } : {}),
        ...(endExcl ? { lessThan: endExcl } : endIncl ? { lessThanOrEqual: endIncl } : { lessThanOrEqual: '*' }),
      },
    ],
  };
}
