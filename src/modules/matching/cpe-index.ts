import { type CpeValue, type Wfn, isCpeMatch, parseCpe } from '../identity/index.ts';
import type { VulnDb } from '../vulndb/vuln-db.ts';
import type { AffectedCpe, CveVersionRange, VulnRecord } from '../vulndb/vuln-record.ts';
import { compareCpeVersions } from './versions/cpe-version.ts';

interface IndexedCpe {
  record: VulnRecord;
  entry: AffectedCpe;
  wfn: Wfn;
}

/** A hit of a CPE-named product: the record and the versions that fix it (from `lessThan`). */
export interface CpeHit {
  record: VulnRecord;
  fixed: string[];
}

const plain = (v: CpeValue) => (typeof v === 'object' ? v.value.replace(/\\(.)/g, '$1').toLowerCase() : v === 'ANY' ? '*' : '-');
const keyOf = (wfn: Wfn) => `${plain(wfn.vendor)}:${plain(wfn.product)}`;

/** The vendor:product key of a CPE (lower-case, unescaped), or undefined when it cannot be read. */
export function cpeProductKey(cpe: string): string | undefined {
  try {
    return keyOf(parseCpe(cpe));
  } catch {
    return undefined;
  }
}

/**
 * Products named by CPE in vulnerability records (CVE 5 `cpes`), indexed by vendor and product, matched by
 * NISTIR 7696 name matching and, where the record lists versions, by version ranges (compareCpeVersions).
 */
export class CpeIndex {
  private readonly byProduct = new Map<string, IndexedCpe[]>();

  constructor(db: VulnDb) {
    for (const record of db.records.values()) {
      if (record.withdrawn) continue;
      for (const entry of record.affectedCpes) {
        for (const text of entry.cpes) {
          let wfn: Wfn;
          try {
            wfn = parseCpe(text);
          } catch {
            continue;
          }
          const key = keyOf(wfn);
          const list = this.byProduct.get(key) ?? [];
          list.push({ record, entry, wfn });
          this.byProduct.set(key, list);
        }
      }
    }
  }

  /** Whether any record names a product by CPE (an index with none can be skipped). */
  get size(): number {
    return this.byProduct.size;
  }

  /** The records that affect a component named by this CPE (and version, when the CPE leaves the version open). */
  match(componentCpe: string, componentVersion: string | undefined): CpeHit[] {
    let target = parseCpe(componentCpe);
    const version = target.version !== 'ANY' && target.version !== 'NA' ? plain(target.version) : componentVersion?.trim().toLowerCase();
    if (version && target.version === 'ANY') target = { ...target, version: { value: version.replace(/[^a-z0-9_]/g, '\\$&') } };
    const hits = new Map<VulnRecord, Set<string>>();
    for (const key of [keyOf(target), `*:${plain(target.product)}`]) {
      for (const { record, entry, wfn } of this.byProduct.get(key) ?? []) {
        const ranged = entry.versions.length > 0 && wfn.version === 'ANY';
        if (!isCpeMatch(wfn, target)) continue;
        if (ranged) {
          if (!version) continue;
          const inRange = entry.versions.filter((r) => isInCveRange(r, version));
          if (inRange.length === 0) continue;
          const fixed = hits.get(record) ?? new Set<string>();
          for (const r of inRange) if (r.lessThan && r.lessThan !== '*') fixed.add(r.lessThan);
          hits.set(record, fixed);
        } else if (!hits.has(record)) hits.set(record, new Set());
      }
    }
    return [...hits].map(([record, fixed]) => ({ record, fixed: [...fixed] }));
  }
}

/** A CVE 5 version statement on a version: `version` is the lower bound when a `lessThan*` is given, else the one version. */
function isInCveRange(range: CveVersionRange, version: string): boolean {
  const cmp = compareCpeVersions;
  const open = (v: string | undefined) => v === undefined || v === '*';
  const lowerOpen = range.version === '0' || range.version === '*';
  if (range.lessThan === undefined && range.lessThanOrEqual === undefined) return lowerOpen || cmp(version, range.version) === 0;
  if (!lowerOpen && (cmp(version, range.version) < 0 || (range.startExcluded === true && cmp(version, range.version) === 0))) return false;
  if (!open(range.lessThan) && cmp(version, range.lessThan) >= 0) return false;
  if (!open(range.lessThanOrEqual) && cmp(version, range.lessThanOrEqual) > 0) return false;
  return true;
}
