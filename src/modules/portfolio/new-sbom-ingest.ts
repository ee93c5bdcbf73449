import type { Db, Queryable } from '../../server/db/client.ts';
import { copyJson, copyLine, copyText } from '../../server/db/copy-format.ts';
import { Handoff } from '../../shared/handoff.ts';
import { type Finding, componentIdentity, cpeProductKey, packageKeyOfPurl } from '../matching/index.ts';
import { type Sbom, type SbomComponent, missingElements } from '../sbom/index.ts';
import { type NewComponentRow, insertFindings, loadVulnIndex, matchNewComponents } from './findings-sync.ts';

/** A component row of a new SBOM with the columns only storing needs. */
interface NewComponentRowFull extends NewComponentRow {
  supplier: string | null;
  kind: string | null;
  parent_ref: string | null;
  hashes: SbomComponent['hashes'];
  licenses: SbomComponent['licenses'];
  missing: ReturnType<typeof missingElements>;
}

/** Component rows per COPY chunk. */
const COPY_CHUNK = 1000;

/** The components of a parsed SBOM as stored, with what matching needs. */
export function componentRows(sbom: Sbom): NewComponentRowFull[] {
  return sbom.components.map((c) => {
    const { key, purl } = componentIdentity(c);
    return {
      ref: c.ref,
      name: c.name,
      version: c.version ?? null,
      grp: c.group ?? null,
      purl: c.purl ?? null,
      cpe: c.cpe ?? null,
      supplier: c.supplier ?? null,
      kind: c.type ?? null,
      package_key: purl ? packageKeyOfPurl(purl) : null,
      cpe_product: c.cpe ? (cpeProductKey(c.cpe) ?? null) : null,
      component_key: key,
      match_version: purl?.version ?? c.version ?? null,
      parent_ref: c.parentRef ?? null,
      hashes: c.hashes,
      licenses: c.licenses,
      missing: missingElements(c),
    };
  });
}

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

/** The components as COPY lines, a chunk at a time (made as the database takes them). */
function* componentLines(sbomId: string, rows: readonly NewComponentRowFull[]) {
  let chunk = '';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    chunk += copyLine([
      sbomId,
      String(i),
      copyText(r.ref),
      copyText(r.name),
      copyText(r.version),
      copyText(r.grp),
      copyText(r.purl),
      copyText(r.cpe),
      copyText(r.supplier),
      copyText(r.kind),
      copyText(r.package_key),
      copyText(r.cpe_product),
      copyText(r.component_key),
      copyText(r.parent_ref),
      copyJson(r.hashes),
      copyJson(r.licenses),
      copyJson(r.missing),
    ]);
    if ((i + 1) % COPY_CHUNK === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Stores the components of a new SBOM and opens its findings, in the caller's transaction, with the database and this
 * process working at once: the components go to the database (COPY) while the candidate records load (on PostgreSQL
 * over another connection: they are committed data) and the components are matched here; the findings follow the
 * components on the same connection as matching produces them, then their `finding.opened` events. A new SBOM has
 * no findings yet, so every match is a new finding. Returns how many were opened.
 */
export async function storeAndMatchNewSbom(
  db: Db,
  tx: Queryable,
  sbomId: string,
  rows: readonly NewComponentRowFull[],
  now: Date,
): Promise<number> {
  const storing = tx.copyIn('sbom_components', COMPONENT_COLUMNS, componentLines(sbomId, rows));
  const found = new Handoff<Finding>();
  const opening = storing.then(() => insertFindings(tx, found, () => sbomId, now));
  // Awaited below; a failure meanwhile must not count as unhandled.
  opening.catch(() => undefined);
  try {
    // PGlite has one connection, which the transaction holds.
    const index = await loadVulnIndex(db.kind === 'postgres' ? db : tx, rows);
    await matchNewComponents(rows, index, found);
    found.end();
  } catch (err) {
    found.fail(err);
    await opening.catch(() => undefined);
    throw err;
  }
  return opening;
}
