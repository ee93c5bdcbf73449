import type { VulnDb } from '../vulndb/vuln-db.ts';
import type { AffectedPackage, VulnRecord } from '../vulndb/vuln-record.ts';
import { parsePurl } from '../identity/index.ts';
import { CpeIndex } from './cpe-index.ts';
import { packageKeyOfOsv, packageKeyOfPurl } from './package-key.ts';

/** One affected entry of one record, reachable from a package key. */
export interface IndexedAffected {
  record: VulnRecord;
  affected: AffectedPackage;
}

/** The indexes of a vulnerability database: package key → affected entries, and CPE-named products; withdrawn records left out. */
export class VulnIndex {
  readonly byPackage = new Map<string, IndexedAffected[]>();
  readonly cpes: CpeIndex;

  constructor(readonly db: VulnDb) {
    this.cpes = new CpeIndex(db);
    for (const record of db.records.values()) {
      if (record.withdrawn) continue;
      for (const affected of record.affected) {
        const key = keyOfAffected(affected);
        if (!key) continue;
        const list = this.byPackage.get(key);
        if (list) list.push({ record, affected });
        else this.byPackage.set(key, [{ record, affected }]);
      }
    }
  }

  /** The affected entries that name this package key. */
  candidates(key: string): readonly IndexedAffected[] {
    return this.byPackage.get(key) ?? [];
  }
}

/** The package key of an affected entry: from its ecosystem and name, else from its purl. */
export function keyOfAffected(affected: AffectedPackage): string | undefined {
  const byName = packageKeyOfOsv(affected.ecosystem, affected.name);
  if (byName) return byName;
  if (!affected.purl) return undefined;
  try {
    return packageKeyOfPurl(parsePurl(affected.purl));
  } catch {
    return undefined;
  }
}
