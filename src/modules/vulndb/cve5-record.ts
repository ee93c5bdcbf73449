import { type Obj, asObject, optArray, optString, reqString } from './read-fields.ts';
import { cvssBaseScore } from './severity.ts';
import type { AffectedCpe, AffectedPackage, CveVersionRange, RangeEvent, SeverityStatement, VulnRecord } from './vuln-record.ts';
import { VulnDataError } from './vuln-record.ts';

// Package registries named in CVE 5 `collectionURL`, to OSV ecosystems.
const ecosystemByCollection: [RegExp, string][] = [
  [/^https?:\/\/pkg\.go\.dev\/?$/i, 'Go'],
  [/^https?:\/\/(www\.npmjs\.com|registry\.npmjs\.org)\/?$/i, 'npm'],
  [/^https?:\/\/pypi\.(org|python\.org)(\/simple)?\/?$/i, 'PyPI'],
  [/^https?:\/\/repo1?\.maven(\.apache)?\.org\/maven2\/?$/i, 'Maven'],
  [/^https?:\/\/crates\.io\/?$/i, 'crates.io'],
  [/^https?:\/\/rubygems\.org\/?$/i, 'RubyGems'],
  [/^https?:\/\/packagist\.org\/?$/i, 'Packagist'],
  [/^https?:\/\/(www\.|api\.)?nuget\.org(\/v3\/index\.json)?\/?$/i, 'NuGet'],
];

/** Whether a parsed JSON document is a CVE JSON 5.x record. */
export function isCveRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Obj).dataType === 'CVE_RECORD';
}

/** Normalises a CVE JSON 5.0/5.1 record: CNA and ADP containers, package ranges by collectionURL, CPE-named products. */
export function cveToRecord(value: unknown, place = '$'): VulnRecord {
  const doc = asObject(value, place);
  const dataVersion = optString(doc, 'dataVersion', place) ?? '';
  if (!/^5\.\d+(\.\d+)?$/.test(dataVersion))
    throw new VulnDataError(`unsupported CVE record version "${dataVersion.slice(0, 20)}" (5.x is supported)`, `${place}.dataVersion`);
  const meta = asObject(doc.cveMetadata, `${place}.cveMetadata`);
  const id = reqString(meta, 'cveId', `${place}.cveMetadata`).toUpperCase();
  if (!/^CVE-\d{4}-\d{4,}$/.test(id)) throw new VulnDataError(`"${id.slice(0, 40)}" is not a CVE id`, `${place}.cveMetadata.cveId`);
  const containers = asObject(doc.containers, `${place}.containers`);
  const cna = asObject(containers.cna ?? {}, `${place}.containers.cna`);
  const all: [Obj, string][] = [[cna, `${place}.containers.cna`]];
  optArray(containers, 'adp', `${place}.containers`).forEach((a, i) =>
    all.push([asObject(a, `${place}.containers.adp[${i}]`), `${place}.containers.adp[${i}]`]),
  );
  const affected: AffectedPackage[] = [];
  const affectedCpes: AffectedCpe[] = [];
  const severity: SeverityStatement[] = [];
  const cwes = new Set<string>();
  for (const [c, cPlace] of all) {
    optArray(c, 'affected', cPlace).forEach((a, i) =>
      readAffected(asObject(a, `${cPlace}.affected[${i}]`), `${cPlace}.affected[${i}]`, affected, affectedCpes),
    );
    optArray(c, 'metrics', cPlace).forEach((m) => severity.push(...metricStatements(m)));
    optArray(c, 'problemTypes', cPlace).forEach((p) =>
      optArray(asObject(p, cPlace), 'descriptions', cPlace).forEach((d) => {
        const cwe = typeof d === 'object' && d !== null ? (d as Obj).cweId : undefined;
        if (typeof cwe === 'string') cwes.add(cwe);
      }),
    );
  }
  const english = optArray(cna, 'descriptions', `${place}.containers.cna`).find(
    (d) => typeof d === 'object' && d !== null && String((d as Obj).lang).startsWith('en'),
  );
  const title = optString(cna, 'title', `${place}.containers.cna`);
  return {
    id,
    aliases: [],
    related: [],
    modified: optString(meta, 'dateUpdated', `${place}.cveMetadata`),
    published: optString(meta, 'datePublished', `${place}.cveMetadata`),
    withdrawn:
      meta.state === 'REJECTED'
        ? (optString(meta, 'dateRejected', `${place}.cveMetadata`) ??
          optString(meta, 'dateUpdated', `${place}.cveMetadata`) ??
          '1970-01-01T00:00:00Z')
        : undefined,
    summary: title ?? (english ? String((english as Obj).value).slice(0, 500) : undefined),
    severity,
    affected,
    affectedCpes,
    cwes: [...cwes],
    feed: 'cve5',
  };
}

function readAffected(a: Obj, place: string, packages: AffectedPackage[], cpeProducts: AffectedCpe[]): void {
  const versions = optArray(a, 'versions', place).flatMap((v, i): CveVersionRange[] => {
    const o = asObject(v, `${place}.versions[${i}]`);
    if (o.status !== 'affected') return [];
    return [
      {
        version: reqString(o, 'version', `${place}.versions[${i}]`),
        lessThan: optString(o, 'lessThan', `${place}.versions[${i}]`),
        lessThanOrEqual: optString(o, 'lessThanOrEqual', `${place}.versions[${i}]`),
        versionType: optString(o, 'versionType', `${place}.versions[${i}]`),
      },
    ];
  });
  const collection = optString(a, 'collectionURL', place)?.trim();
  const packageName = optString(a, 'packageName', place)?.trim();
  const ecosystem = collection ? ecosystemByCollection.find(([re]) => re.test(collection))?.[1] : undefined;
  if (ecosystem && packageName) {
    const events: RangeEvent[] = [];
    const exact: string[] = [];
    for (const v of versions) {
      if (v.lessThan && v.lessThan !== '*') events.push({ introduced: v.version }, { fixed: v.lessThan });
      else if (v.lessThanOrEqual && v.lessThanOrEqual !== '*') events.push({ introduced: v.version }, { last_affected: v.lessThanOrEqual });
      else if (v.lessThan === '*' || v.lessThanOrEqual === '*') events.push({ introduced: v.version });
      else exact.push(v.version);
    }
    packages.push({ ecosystem, name: packageName, ranges: events.length ? [{ type: 'ECOSYSTEM', events }] : [], versions: exact });
  }
  const cpes = optArray(a, 'cpes', place).filter((c): c is string => typeof c === 'string' && c.startsWith('cpe:'));
  if (cpes.length > 0) cpeProducts.push({ cpes, vendor: optString(a, 'vendor', place), product: optString(a, 'product', place), versions });
}

function metricStatements(m: unknown): SeverityStatement[] {
  if (typeof m !== 'object' || m === null) return [];
  const out: SeverityStatement[] = [];
  for (const [key, type] of [
    ['cvssV4_0', 'CVSS_V4'],
    ['cvssV3_1', 'CVSS_V3'],
    ['cvssV3_0', 'CVSS_V3'],
    ['cvssV2_0', 'CVSS_V2'],
  ] as const) {
    const metric = (m as Obj)[key];
    const vector = typeof metric === 'object' && metric !== null ? (metric as Obj).vectorString : undefined;
    if (typeof vector === 'string') out.push({ type, value: vector, score: cvssBaseScore(vector) });
  }
  return out;
}
