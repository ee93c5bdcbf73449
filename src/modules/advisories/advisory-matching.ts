/**
 * Possible matches between advisory products (vendor + product name + version text) and registered product versions.
 * Run when an advisory is imported or revised, and when a manufacturer registers a version. A match stays "possible"
 * until the manufacturer confirms or dismisses it; that decision survives re-matching.
 */
import type { Queryable } from '../../server/db/client.ts';
import { isSameProduct, isSameVendor, vendorTokens, versionVerdict } from './name-match.ts';

interface AdvisoryProduct {
  advisory_id: string;
  csaf_product_id: string;
  name: string;
  vendor: string | null;
  product_name: string | null;
  version_text: string | null;
}

interface RegisteredVersion {
  version_id: string;
  version: string;
  product_name: string;
  model: string | null;
  org_name: string;
}

interface Match {
  advisoryId: string;
  versionId: string;
  csafProductIds: string[];
  reason: string;
  verdict: 'in_range' | 'all_versions' | 'unknown';
}

const verdictRank = { in_range: 3, all_versions: 2, unknown: 1 } as const;

/** Every (advisory, registered version) pair the names allow, with the best version verdict among the products. */
export function findMatches(products: readonly AdvisoryProduct[], versions: readonly RegisteredVersion[]): Match[] {
  const matches = new Map<string, Match>();
  for (const p of products) {
    if (!p.vendor) continue;
    const advisoryProduct = p.product_name ?? p.name;
    for (const r of versions) {
      if (!isSameVendor(p.vendor, r.org_name)) continue;
      const byName = isSameProduct(advisoryProduct, r.product_name);
      const byModel = !byName && r.model !== null && isSameProduct(advisoryProduct, r.model);
      if (!byName && !byModel) continue;
      const verdict = versionVerdict(p.version_text, r.version);
      if (verdict === 'out_of_range') continue;
      const key = `${p.advisory_id}|${r.version_id}`;
      const reason =
        `“${p.vendor} ${advisoryProduct}${p.version_text ? ` ${p.version_text}` : ''}” names ` +
        `${byName ? `the product “${r.product_name}”` : `the model “${r.model}”`} of ${r.org_name}`;
      const found = matches.get(key);
      if (!found)
        matches.set(key, { advisoryId: p.advisory_id, versionId: r.version_id, csafProductIds: [p.csaf_product_id], reason, verdict });
      else {
        found.csafProductIds.push(p.csaf_product_id);
        if (verdictRank[verdict] > verdictRank[found.verdict]) Object.assign(found, { verdict, reason });
      }
    }
  }
  return [...matches.values()];
}

const registeredSelect = `SELECT v.id AS version_id, v.version, p.name AS product_name, p.model, o.name AS org_name
  FROM product_versions v JOIN products p ON p.id = v.product_id JOIN organisations o ON o.id = p.owner_org_id
  WHERE o.kind = 'manufacturer'`;

/** Writes the matches of a scope: new ones possible, known ones refreshed (decision kept), vanished ones stale. */
async function store(tx: Queryable, scope: { column: 'advisory_id' | 'product_version_id'; id: string }, found: Match[], now: Date) {
  const rows = found.map((m) => ({
    advisory_id: m.advisoryId,
    product_version_id: m.versionId,
    csaf_product_ids: m.csafProductIds,
    reason: m.reason,
    version_verdict: m.verdict,
  }));
  const written = await tx.query<{ inserted: boolean }>(
    `INSERT INTO advisory_matches (advisory_id, product_version_id, csaf_product_ids, reason, version_verdict, matched_at)
     SELECT x.advisory_id, x.product_version_id, x.csaf_product_ids, x.reason, x.version_verdict, $2
       FROM jsonb_to_recordset($1::jsonb) AS x(advisory_id uuid, product_version_id uuid, csaf_product_ids text[], reason text, version_verdict text)
     ON CONFLICT (advisory_id, product_version_id) DO UPDATE SET csaf_product_ids = excluded.csaf_product_ids,
       reason = excluded.reason, version_verdict = excluded.version_verdict, stale = false
     RETURNING (xmax = 0) AS inserted`,
    [JSON.stringify(rows), now],
  );
  const other = scope.column === 'advisory_id' ? 'product_version_id' : 'advisory_id';
  await tx.query(
    `UPDATE advisory_matches SET stale = true WHERE ${scope.column} = $1 AND NOT stale
       AND NOT (${other} = ANY($2::uuid[]))`,
    [scope.id, found.map((m) => (scope.column === 'advisory_id' ? m.versionId : m.advisoryId))],
  );
  return written.filter((w) => w.inserted).length;
}

/** Matches one advisory's products against every registered version; returns how many matches are new. */
export async function matchAdvisory(tx: Queryable, advisoryId: string, now: Date): Promise<number> {
  const products = await tx.query<AdvisoryProduct>(
    'SELECT advisory_id, csaf_product_id, name, vendor, product_name, version_text FROM advisory_products WHERE advisory_id = $1 AND vendor IS NOT NULL',
    [advisoryId],
  );
  const versions = products.length > 0 ? await tx.query<RegisteredVersion>(registeredSelect) : [];
  return store(tx, { column: 'advisory_id', id: advisoryId }, findMatches(products, versions), now);
}

/** Matches one registered version against every advisory naming its manufacturer; returns how many matches are new. */
export async function matchProductVersion(tx: Queryable, versionId: string, now: Date): Promise<number> {
  const versions = await tx.query<RegisteredVersion>(`${registeredSelect} AND v.id = $1`, [versionId]);
  const version = versions[0];
  if (!version) return 0;
  // The manufacturer's most distinctive word narrows the advisory products read; the names decide after.
  const word = [...vendorTokens(version.org_name)].sort((a, b) => b.length - a.length)[0] ?? '';
  const products = await tx.query<AdvisoryProduct>(
    `SELECT advisory_id, csaf_product_id, name, vendor, product_name, version_text FROM advisory_products
      WHERE vendor_key LIKE '%' || $1 || '%'`,
    [word],
  );
  return store(tx, { column: 'product_version_id', id: versionId }, findMatches(products, versions), now);
}
