import { type Obj, asObject, optArray, optString, optStrings, reqString } from './read-fields.ts';
import { cvssBaseScore } from './severity.ts';
import {
  type AffectedPackage,
  type AffectedRange,
  type RangeEvent,
  type SeverityStatement,
  type VulnRecord,
  VulnDataError,
} from './vuln-record.ts';

const rangeTypes = new Set(['ECOSYSTEM', 'SEMVER', 'GIT']);
const eventKeys = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

/** Normalises one parsed OSV record (JSON or YAML), checking the fields matching relies on. */
export function osvToRecord(value: unknown, place = '$'): VulnRecord {
  const doc = asObject(value, place);
  const id = reqString(doc, 'id', place);
  const affected = optArray(doc, 'affected', place).map((a, i) => affectedPackage(a, `${place}.affected[${i}]`));
  const dbSpecific = doc.database_specific;
  const severity: SeverityStatement[] = optArray(doc, 'severity', place).flatMap((s, i) => severityStatement(s, `${place}.severity[${i}]`));
  if (typeof dbSpecific === 'object' && dbSpecific !== null) {
    const label = (dbSpecific as Obj).severity;
    if (typeof label === 'string' && label.trim()) severity.push({ type: 'LABEL', value: label.trim().toUpperCase() });
  }
  const cwes =
    typeof dbSpecific === 'object' && dbSpecific !== null && Array.isArray((dbSpecific as Obj).cwe_ids)
      ? ((dbSpecific as Obj).cwe_ids as unknown[]).filter((c): c is string => typeof c === 'string')
      : [];
  return {
    id,
    aliases: optStrings(doc, 'aliases', place).filter((a) => a && a !== id),
    related: optStrings(doc, 'related', place).filter((a) => a && a !== id),
    modified: timestamp(doc, 'modified', place),
    published: timestamp(doc, 'published', place),
    withdrawn: timestamp(doc, 'withdrawn', place),
    summary: optString(doc, 'summary', place)?.trim() || undefined,
    severity,
    affected,
    affectedCpes: [],
    cwes,
    feed: 'osv',
  };
}

function timestamp(doc: Obj, key: string, place: string): string | undefined {
  const v = doc[key];
  // YAML turns unquoted timestamps into Date objects.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  const s = optString(doc, key, place);
  if (s === undefined || s.trim() === '') return undefined;
  if (Number.isNaN(Date.parse(s))) throw new VulnDataError(`"${key}" is not an RFC 3339 time`, `${place}.${key}`);
  return s.trim();
}

function affectedPackage(value: unknown, place: string): AffectedPackage {
  const a = asObject(value, place);
  const pkg = asObject(a.package ?? {}, `${place}.package`);
  const ranges = optArray(a, 'ranges', place).map((r, i) => range(r, `${place}.ranges[${i}]`));
  return {
    ecosystem: optString(pkg, 'ecosystem', `${place}.package`)?.trim() ?? '',
    name: optString(pkg, 'name', `${place}.package`)?.trim() ?? '',
    purl: optString(pkg, 'purl', `${place}.package`)?.trim() || undefined,
    ranges,
    versions: optArray(a, 'versions', place).map((v, i) => {
      if (typeof v === 'string') return v.trim();
      // YAML reads 1.0 as a number; OSV versions are strings.
      if (typeof v === 'number') return String(v);
      throw new VulnDataError('expected a version string', `${place}.versions[${i}]`);
    }),
  };
}

function range(value: unknown, place: string): AffectedRange {
  const r = asObject(value, place);
  const type = reqString(r, 'type', place);
  if (!rangeTypes.has(type)) throw new VulnDataError(`unknown range type "${type.slice(0, 40)}"`, `${place}.type`);
  const events = optArray(r, 'events', place).map((e, i): RangeEvent => {
    const ev = asObject(e, `${place}.events[${i}]`);
    const key = eventKeys.find((k) => ev[k] !== undefined);
    if (!key) throw new VulnDataError('an event needs introduced, fixed, last_affected or limit', `${place}.events[${i}]`);
    const v = ev[key];
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new VulnDataError('expected a version string', `${place}.events[${i}].${key}`);
    return { [key]: String(v).trim() };
  });
  return { type: type as AffectedRange['type'], events };
}

function severityStatement(value: unknown, place: string): SeverityStatement[] {
  const s = asObject(value, place);
  const type = optString(s, 'type', place);
  const score = optString(s, 'score', place)?.trim();
  if (!score || (type !== 'CVSS_V2' && type !== 'CVSS_V3' && type !== 'CVSS_V4')) return [];
  return [{ type, value: score, score: cvssBaseScore(score) }];
}
