import type { Queryable } from '../../server/db/client.ts';

/** Open findings of current SBOMs, by severity, with how many are known exploited. */
export interface FindingCounts {
  open: number;
  kev: number;
  bySeverity: { critical: number; high: number; medium: number; low: number; none: number; unrated: number };
}

/** No findings. */
export const emptyCounts = (): FindingCounts => ({
  open: 0,
  kev: 0,
  bySeverity: { critical: 0, high: 0, medium: 0, low: 0, none: 0, unrated: 0 },
});

/** Adds `n` open findings of a severity level (null or unknown: unrated) to the counts. */
export function countOpen(c: FindingCounts, level: string | null, kev: boolean, n = 1): void {
  c.open += n;
  if (kev) c.kev += n;
  const key = (level ?? 'unrated') as keyof FindingCounts['bySeverity'];
  c.bySeverity[key in c.bySeverity ? key : 'unrated'] += n;
}

// Open means still needing a decision or a fix: a VEX analysis that settled it (not affected, resolved…) takes it off the count.
export const unresolved = `f.status = 'open' AND f.state IN ('in_triage', 'exploitable')`;

/** Counts per product, per product version or per SBOM (current SBOMs only for products and versions). */
export async function countFindings(db: Queryable, by: 'product' | 'version' | 'sbom', ids: string[]): Promise<Map<string, FindingCounts>> {
  const out = new Map<string, FindingCounts>();
  if (ids.length === 0) return out;
  const group = by === 'product' ? 'v.product_id' : by === 'version' ? 'v.id' : 's.id';
  const rows = await db.query<{ owner: string; level: string | null; kev: boolean; n: string }>(
    `SELECT ${group} AS owner, f.severity->>'level' AS level, f.kev, count(*) AS n
       FROM findings f JOIN sboms s ON s.id = f.sbom_id JOIN product_versions v ON v.id = s.product_version_id
      WHERE ${group} = ANY($1::uuid[]) AND ${unresolved} ${by === 'sbom' ? '' : 'AND s.is_current'}
      GROUP BY 1, 2, 3`,
    [ids],
  );
  for (const r of rows) {
    const c = out.get(r.owner) ?? emptyCounts();
    countOpen(c, r.level, r.kev, Number(r.n));
    out.set(r.owner, c);
  }
  for (const id of ids) if (!out.has(id)) out.set(id, emptyCounts());
  return out;
}
