import type { AppContext } from '../../server/context.ts';
import { type ComponentRow, syncFindings } from './findings-sync.ts';
import type { ChangedKeys } from './vulndb-store.ts';

const componentColumns =
  'c.position::text AS id, c.ref, c.name, c.version, c.grp, c.purl, c.cpe, c.package_key, c.cpe_product, c.component_key, c.sbom_id';

/**
 * Incremental matching after vulnerability records changed: only components of current SBOMs whose package or
 * CPE key a changed record names are re-evaluated, one SBOM per transaction.
 */
export async function rematchKeys(
  ctx: AppContext,
  changed: ChangedKeys,
  onProgress?: (line: string) => void,
): Promise<{ opened: number; closed: number }> {
  if (changed.packages.size === 0 && changed.cpes.size === 0) return { opened: 0, closed: 0 };
  const rows = await ctx.db.query<ComponentRow & { sbom_id: string }>(
    `SELECT ${componentColumns} FROM sbom_components c JOIN sboms s ON s.id = c.sbom_id
      WHERE s.is_current AND (c.package_key = ANY($1::text[]) OR c.cpe_product = ANY($2::text[]))`,
    [[...changed.packages], [...changed.cpes]],
  );
  const bySbom = new Map<string, ComponentRow[]>();
  for (const r of rows) {
    const list = bySbom.get(r.sbom_id);
    if (list) list.push(r);
    else bySbom.set(r.sbom_id, [r]);
  }
  let opened = 0;
  let closed = 0;
  let done = 0;
  // Up to 500 SBOMs per transaction: one candidate load and a few batched writes for all of them.
  const sbomIds = [...bySbom.keys()];
  for (let i = 0; i < sbomIds.length; i += 500) {
    const groups = new Map(sbomIds.slice(i, i + 500).map((id) => [id, bySbom.get(id)!]));
    const r = await ctx.db.transaction((tx) => syncFindings(tx, groups, ctx.clock.now()));
    opened += r.opened;
    closed += r.closed;
    done += groups.size;
    onProgress?.(`re-matched ${done} of ${bySbom.size} SBOMs`);
  }
  return { opened, closed };
}

/** Refreshes KEV and EPSS on stored findings that name any of these CVEs (after a KEV or EPSS import). */
export async function refreshExploitSignals(ctx: AppContext, cves: string[]): Promise<void> {
  if (cves.length === 0) return;
  await ctx.db.query(
    `UPDATE findings f SET
       kev = EXISTS (SELECT 1 FROM kev_entries k WHERE k.cve_id = ANY(f.cves)),
       epss = COALESCE((SELECT max(e.epss) FROM epss_scores e WHERE e.cve_id = ANY(f.own_cves)),
                       (SELECT max(e.epss) FROM epss_scores e WHERE e.cve_id = ANY(f.cves)))
     WHERE f.cves && $1::text[]`,
    [cves],
  );
}
