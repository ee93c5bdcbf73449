import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import type { Actor } from '../policy/index.ts';
import { readableSbom } from './sboms.service.ts';

interface DiffRow {
  side: 'from' | 'to';
  name: string;
  grp: string | null;
  version: string | null;
  purl: string | null;
  identity: string;
}

/** One component on one side of a diff. */
interface DiffComponent {
  name: string;
  group: string | null;
  version: string | null;
  purl: string | null;
}

const MAX_LISTED = 5000;

/**
 * What changed between two SBOMs (typically two versions of one product): components added, removed, and changed
 * (same package, another version). Packages are identified by their package key (purl type + name) or, without a
 * purl, by group and name. Both SBOMs must be readable by the reader.
 */
export async function diffSboms(ctx: AppContext, reader: Actor | null, fromId: string, toId: string) {
  const from = await readableSbom(ctx, reader, fromId);
  const to = await readableSbom(ctx, reader, toId);
  if (from.product_id !== to.product_id && from.owner_org_id !== to.owner_org_id)
    throw new AppError('bad_request', 'Compare SBOMs of the same manufacturer.');
  const rows = await ctx.db.query<DiffRow>(
    `SELECT CASE WHEN c.sbom_id = $1 THEN 'from' ELSE 'to' END AS side, c.name, c.grp, c.version, c.purl,
            COALESCE(c.package_key, lower(COALESCE(c.grp, '') || '/' || c.name)) AS identity
       FROM sbom_components c WHERE c.sbom_id = ANY($3::uuid[]) AND (c.sbom_id = $1 OR c.sbom_id = $2)`,
    [fromId, toId, [fromId, toId]],
  );
  const sides = { from: new Map<string, DiffRow[]>(), to: new Map<string, DiffRow[]>() };
  for (const r of rows) {
    const m = sides[r.side];
    const list = m.get(r.identity);
    if (list) list.push(r);
    else m.set(r.identity, [r]);
  }
  const present = (r: DiffRow): DiffComponent => ({ name: r.name, group: r.grp, version: r.version, purl: r.purl });
  const versionsOf = (list: DiffRow[]) => [...new Set(list.map((r) => r.version ?? ''))].sort();
  const added: DiffComponent[] = [];
  const removed: DiffComponent[] = [];
  const changed: { name: string; group: string | null; from: string[]; to: string[] }[] = [];
  let unchanged = 0;
  for (const [identity, list] of sides.to) {
    const before = sides.from.get(identity);
    if (!before) added.push(...list.map(present));
    else {
      const a = versionsOf(before);
      const b = versionsOf(list);
      if (a.join('\u0000') === b.join('\u0000')) unchanged++;
      else changed.push({ name: list[0]!.name, group: list[0]!.grp, from: a, to: b });
    }
  }
  for (const [identity, list] of sides.from) if (!sides.to.has(identity)) removed.push(...list.map(present));
  const byName = (a: { name: string }, b: { name: string }) => a.name.toLowerCase().localeCompare(b.name.toLowerCase());
  return {
    from: { id: from.id, productVersionId: from.product_version_id, componentCount: from.component_count },
    to: { id: to.id, productVersionId: to.product_version_id, componentCount: to.component_count },
    counts: { added: added.length, removed: removed.length, changed: changed.length, unchanged },
    added: added.sort(byName).slice(0, MAX_LISTED),
    removed: removed.sort(byName).slice(0, MAX_LISTED),
    changed: changed.sort(byName).slice(0, MAX_LISTED),
    truncated: added.length > MAX_LISTED || removed.length > MAX_LISTED || changed.length > MAX_LISTED,
  };
}
