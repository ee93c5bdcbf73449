import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db, Queryable } from '../../server/db/client.ts';
import { copyJson, copyLine, copyText } from '../../server/db/copy-format.ts';
import { Handoff } from '../../shared/handoff.ts';
import { componentIdentity, cpeProductKey, packageKeyOfPurl } from '../matching/index.ts';
import { type SbomComponent, missingElements } from '../sbom/index.ts';
import { NewFindingLines } from './finding-copy.ts';
import type { FindingCounts } from './finding-counts.ts';
import { CandidateLoader, type NewComponentRow, matchNewComponents } from './findings-sync.ts';

/** Components worked out between two turns of the event loop (letting the COPY and the candidate queries move on). */
const ROWS_SLICE = 10_000;

const COMPONENT_COLUMNS = [
  'sbom_id',
  'position',
  'ref',
  'name',
  'version',
  'grp',
  'purl',
  'cpe',
  'supplier',
  'kind',
  'package_key',
  'cpe_product',
  'component_key',
  'parent_ref',
  'hashes',
  'licenses',
  'missing',
];

/**
 * Works out a slice of components: what matching needs of each (kept), and the component's COPY line (stored, then
 * dropped). Nothing else of the parsed components is kept.
 */
function workOut(sbomId: string, components: readonly SbomComponent[], firstPosition: number) {
  const rows: NewComponentRow[] = [];
  let text = '';
  for (let i = 0; i < components.length; i++) {
    const c = components[i]!;
    const { key, purl } = componentIdentity(c);
    const row: NewComponentRow = {
      ref: c.ref,
      name: c.name,
      version: c.version ?? null,
      grp: c.group ?? null,
      purl: c.purl ?? null,
      cpe: c.cpe ?? null,
      package_key: purl ? packageKeyOfPurl(purl) : null,
      cpe_product: c.cpe ? (cpeProductKey(c.cpe) ?? null) : null,
      component_key: key,
      match_version: purl?.version ?? c.version ?? null,
    };
    rows.push(row);
    text += copyLine([
      sbomId,
      String(firstPosition + i),
      copyText(row.ref),
      copyText(row.name),
      copyText(row.version),
      copyText(row.grp),
      copyText(row.purl),
      copyText(row.cpe),
      copyText(c.supplier),
      copyText(c.type),
      copyText(row.package_key),
      copyText(row.cpe_product),
      copyText(row.component_key),
      copyText(c.parentRef),
      copyJson(c.hashes),
      copyJson(c.licenses),
      copyJson(missingElements(c)),
    ]);
  }
  return { rows, text };
}

/**
 * Stores the components of a new SBOM and opens its findings, in the caller's transaction, with the database and this
 * process working at once:
 *   1. the components are worked out slice by slice (keys, identity, NTIA gaps); each slice goes to the database at
 *      once (COPY), and the records that may affect it are asked for (on PostgreSQL over another connection: they are
 *      committed data; PGlite has only the transaction's);
 *   2. the components are matched here while the database stores them, and the findings follow the components on the
 *      transaction's connection as matching makes them, in rounds, each with its `finding.opened` events.
 * A new SBOM has no findings yet, so every match is a new finding. Returns how many were opened, and their counts by
 * severity. `components` is
 * emptied as its rows are worked out: the rows carry everything still needed, and a 300,000-component SBOM is ~300 MB
 * of objects.
 */
export async function storeAndMatchNewSbom(
  db: Db,
  tx: Queryable,
  sbomId: string,
  components: SbomComponent[],
  now: Date,
): Promise<{ opened: number; counts: FindingCounts }> {
  const worked = new Handoff<string>();
  const storing = tx.copyIn('sbom_components', COMPONENT_COLUMNS, chunksOf(worked));
  // A COPY the database refused ends the work at the next slice instead of after all the matching.
  let refused: { error: unknown } | null = null;
  storing.catch((error: unknown) => {
    refused = { error };
  });
  const lines = new NewFindingLines(now);
  const found = new Handoff<string>();
  const opening = storing.then(() => lines.store(tx, found));
  // Awaited below; a failure meanwhile must not count as unhandled.
  opening.catch(() => undefined);
  try {
    const loader = new CandidateLoader(db.kind === 'postgres' ? db : tx);
    const rows: NewComponentRow[] = [];
    while (components.length > 0) {
      if (rows.length > 0) await nextTurn();
      if (refused) throw (refused as { error: unknown }).error;
      const slice = workOut(sbomId, components.splice(0, ROWS_SLICE), rows.length);
      worked.push([slice.text]);
      loader.request(slice.rows);
      for (const r of slice.rows) rows.push(r);
    }
    worked.end();
    const index = await loader.index();
    if (refused) throw (refused as { error: unknown }).error;
    await matchNewComponents(rows, index, sbomId, lines, found);
    found.end();
  } catch (err) {
    worked.fail(err);
    found.fail(err);
    await opening.catch(() => undefined);
    throw err;
  }
  return { opened: await opening, counts: lines.counts };
}

/** The COPY text of each slice, as it comes. */
async function* chunksOf(texts: AsyncIterable<readonly string[]>) {
  for await (const batch of texts) yield* batch;
}
