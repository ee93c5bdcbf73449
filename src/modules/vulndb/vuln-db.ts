import type { EpssScore, EpssTable } from './epss.ts';
import type { KevCatalog, KevEntry } from './kev.ts';
import type { VulnRecord } from './vuln-record.ts';

/** What adding a record did: a new id, a newer version of a known id, or nothing (an older or equal copy). */
export type AddOutcome = 'added' | 'replaced' | 'unchanged';

/** The identity of a vulnerability across databases: one id, its aliases (same flaw) and related ids. */
export interface VulnIdentity {
  id: string;
  aliases: string[];
  related: string[];
}

const isNewer = (a: VulnRecord, b: VulnRecord) => (Date.parse(a.modified ?? '') || 0) > (Date.parse(b.modified ?? '') || 0);

/** An in-memory vulnerability database: records by id (newest `modified` wins), KEV and EPSS, alias groups. */
export class VulnDb {
  readonly records = new Map<string, VulnRecord>();
  readonly kev = new Map<string, KevEntry>();
  readonly epss = new Map<string, EpssScore>();
  kevCatalogVersion: string | undefined;
  epssScoreDate: string | undefined;
  private groups: Map<string, string> | undefined;

  /** Adds or replaces a record; an older `modified` never replaces a newer one, so loading order does not matter. */
  add(record: VulnRecord): AddOutcome {
    const known = this.records.get(record.id);
    if (known && !isNewer(record, known)) return 'unchanged';
    this.records.set(record.id, record);
    this.groups = undefined;
    return known ? 'replaced' : 'added';
  }

  /** Loads the KEV catalogue (entries keyed by CVE id). */
  addKev(catalog: KevCatalog): void {
    for (const e of catalog.entries) this.kev.set(e.cveId, e);
    this.kevCatalogVersion = catalog.catalogVersion ?? this.kevCatalogVersion;
  }

  /** Loads an EPSS table; a later score date replaces earlier scores. */
  addEpss(table: EpssTable): void {
    for (const [cve, score] of table.scores) this.epss.set(cve, score);
    this.epssScoreDate = table.scoreDate ?? this.epssScoreDate;
  }

  /** The alias group key of an id: ids linked by `aliases` (in either direction, transitively) share one key. */
  groupOf(id: string): string {
    this.groups ??= this.buildGroups();
    return this.groups.get(id) ?? id;
  }

  /** The identity of a set of records in one alias group: a stable id, every alias and every related id. */
  identityOf(records: readonly VulnRecord[]): VulnIdentity {
    const ids = new Set<string>();
    const related = new Set<string>();
    for (const r of records) {
      ids.add(r.id);
      for (const a of r.aliases) ids.add(a);
      for (const x of r.related) related.add(x);
    }
    const id = [...records].map((r) => r.id).sort(compareIdPreference)[0]!;
    ids.delete(id);
    for (const a of ids) related.delete(a);
    related.delete(id);
    return { id, aliases: [...ids].sort(), related: [...related].sort() };
  }

  private buildGroups(): Map<string, string> {
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      let root = x;
      while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
      let cur = x;
      while (parent.get(cur) !== undefined && parent.get(cur) !== root) {
        const next = parent.get(cur)!;
        parent.set(cur, root);
        cur = next;
      }
      return root;
    };
    const union = (a: string, b: string) => {
      const ra = find(a);
      const rb = find(b);
      if (!parent.has(ra)) parent.set(ra, ra);
      if (!parent.has(rb)) parent.set(rb, rb);
      if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
    };
    for (const r of this.records.values()) {
      if (!parent.has(r.id)) parent.set(r.id, r.id);
      for (const a of r.aliases) union(r.id, a);
    }
    const groups = new Map<string, string>();
    for (const id of parent.keys()) groups.set(id, find(id));
    return groups;
  }
}

// The id shown for a group: the database's own advisory (GHSA, GO, PYSEC, …) before a bare CVE, then alphabetical.
function compareIdPreference(a: string, b: string): number {
  const rank = (x: string) => (x.startsWith('CVE-') ? 1 : 0);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
