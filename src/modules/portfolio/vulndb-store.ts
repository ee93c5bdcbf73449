import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';
import { cpeProductKey, keyOfAffected } from '../matching/index.ts';
import { type LoadReport, VulnDb, type VulnRecord, loadVulnFiles } from '../vulndb/index.ts';
import { refreshExploitSignals, rematchKeys } from './rematch.ts';

const BATCH = 500;

/** The package and CPE keys a record names: where incremental matching starts. */
export function keysOfRecord(record: VulnRecord): { kind: 'package' | 'cpe'; key: string }[] {
  const keys = new Map<string, { kind: 'package' | 'cpe'; key: string }>();
  for (const a of record.affected) {
    const key = keyOfAffected(a);
    if (key) keys.set(`p|${key}`, { kind: 'package', key });
  }
  for (const a of record.affectedCpes)
    for (const cpe of a.cpes) {
      const key = cpeProductKey(cpe);
      if (key) keys.set(`c|${key}`, { kind: 'cpe', key });
    }
  return [...keys.values()];
}

/** Keys touched by a batch of changed records (before and after the change), for re-matching. */
export interface ChangedKeys {
  packages: Set<string>;
  cpes: Set<string>;
}

/**
 * Writes records in one transaction: a record replaces the stored one only when its `modified` is newer, so
 * importing the same data again changes nothing. Returns the ids that changed and the keys they touch.
 */
async function storeRecords(
  tx: Queryable,
  records: VulnRecord[],
  now: Date,
  changed: ChangedKeys,
): Promise<{ added: number; replaced: number }> {
  const rows = records.map((r) => ({
    id: r.id,
    feed: r.feed,
    modified: r.modified ?? null,
    published: r.published ?? null,
    withdrawn: r.withdrawn ?? null,
    summary: r.summary ?? null,
    aliases: r.aliases,
    related: r.related,
    record: r,
  }));
  const written = await tx.query<{ id: string; inserted: boolean }>(
    `INSERT INTO vuln_records (id, feed, modified, published, withdrawn, summary, aliases, related, record, imported_at)
     SELECT x.id, x.feed, x.modified, x.published, x.withdrawn, x.summary, x.aliases, x.related, x.record, $2
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, feed text, modified timestamptz, published timestamptz, withdrawn timestamptz,
            summary text, aliases text[], related text[], record jsonb)
     ON CONFLICT (id) DO UPDATE SET feed = excluded.feed, modified = excluded.modified, published = excluded.published,
       withdrawn = excluded.withdrawn, summary = excluded.summary, aliases = excluded.aliases, related = excluded.related,
       record = excluded.record, imported_at = excluded.imported_at
       WHERE vuln_records.modified IS NULL OR excluded.modified > vuln_records.modified
     RETURNING id, (xmax = 0) AS inserted`,
    [JSON.stringify(rows), now],
  );
  if (written.length === 0) return { added: 0, replaced: 0 };
  const ids = new Set(written.map((w) => w.id));
  // Only a replaced record has keys already: they are re-matched too (its affected packages may have changed).
  const replaced = written.filter((w) => !w.inserted).map((w) => w.id);
  if (replaced.length > 0) {
    const before = await tx.query<{ key_kind: 'package' | 'cpe'; key: string }>(
      'DELETE FROM vuln_record_keys WHERE record_id = ANY($1::text[]) RETURNING key_kind, key',
      [replaced],
    );
    for (const k of before) (k.key_kind === 'package' ? changed.packages : changed.cpes).add(k.key);
  }
  const keyRows = records
    .filter((r) => ids.has(r.id))
    .flatMap((r) => keysOfRecord(r).map((k) => ({ record_id: r.id, key_kind: k.kind, key: k.key })));
  for (const k of keyRows) (k.key_kind === 'package' ? changed.packages : changed.cpes).add(k.key);
  if (keyRows.length > 0)
    await tx.query(
      `INSERT INTO vuln_record_keys (record_id, key_kind, key)
       SELECT record_id, key_kind, key FROM jsonb_to_recordset($1::jsonb) AS x(record_id text, key_kind text, key text) ON CONFLICT DO NOTHING`,
      [JSON.stringify(keyRows)],
    );
  const added = written.filter((w) => w.inserted).length;
  return { added, replaced: written.length - added };
}

/** What `importVulnData` did. */
export interface ImportResult extends LoadReport {
  stored: { added: number; replaced: number };
  findingsOpened: number;
  findingsClosed: number;
}

/** Records added or replaced by one import from which the vulnerability tables are vacuumed and analysed. */
const VACUUM_AFTER_RECORDS = 1000;

/**
 * Imports feed files into the database (OSV, CVE JSON 5, KEV, EPSS), in batches of 500 records per transaction
 * (an interrupted import is resumed by running it again), then re-matches only the components the changed
 * records can affect.
 */
export async function importVulnData(
  ctx: AppContext,
  paths: string[],
  onProgress?: (line: string) => void,
  options: { source?: string } = {},
): Promise<ImportResult> {
  const started = ctx.clock.now();
  const memory = new VulnDb();
  const report = await loadVulnFiles(memory, paths, { onProgress: (n) => onProgress?.(`read ${n} files`) });
  const [{ id: importId }] = (await ctx.db.query<{ id: string }>(
    'INSERT INTO vulndb_imports (source, started_at, files) VALUES ($1, $2, $3) RETURNING id',
    [(options.source ?? paths.join(', ')).slice(0, 2000), started, report.files],
  )) as [{ id: string }];
  const changed: ChangedKeys = { packages: new Set(), cpes: new Set() };
  const stored = { added: 0, replaced: 0 };
  const records = [...memory.records.values()];
  for (let i = 0; i < records.length; i += BATCH) {
    const r = await ctx.db.transaction((tx) => storeRecords(tx, records.slice(i, i + BATCH), ctx.clock.now(), changed));
    stored.added += r.added;
    stored.replaced += r.replaced;
    onProgress?.(`stored ${Math.min(i + BATCH, records.length)} of ${records.length} records`);
  }
  // After a large import, vacuum (replaced records leave dead rows; reading fresh rows would otherwise set their hint
  // bits one by one during the next matching) and refresh the planner statistics matching depends on. PGlite runs no
  // autovacuum at all, and PostgreSQL's may come only later.
  if (stored.added + stored.replaced >= VACUUM_AFTER_RECORDS) await ctx.db.exec('VACUUM (ANALYZE) vuln_records, vuln_record_keys');
  await storeKevAndEpss(ctx, memory);
  const { opened, closed } = await rematchKeys(ctx, changed, onProgress);
  await refreshExploitSignals(ctx, [...new Set([...memory.kev.keys(), ...memory.epss.keys()])]);
  await ctx.db.query(
    `UPDATE vulndb_imports SET finished_at = $2, added = $3, replaced = $4, unchanged = $5, withdrawn = $6, kev_entries = $7,
       epss_scores = $8, findings_opened = $9, findings_closed = $10, problems = $11::jsonb WHERE id = $1`,
    [
      importId,
      ctx.clock.now(),
      stored.added,
      stored.replaced,
      records.length - stored.added - stored.replaced,
      report.withdrawn,
      report.kevEntries,
      report.epssScores,
      opened,
      closed,
      JSON.stringify(report.problems.slice(0, 1000)),
    ],
  );
  return { ...report, stored, findingsOpened: opened, findingsClosed: closed };
}

async function storeKevAndEpss(ctx: AppContext, memory: VulnDb): Promise<void> {
  const now = ctx.clock.now();
  const kev = [...memory.kev.values()].map((e) => ({ cve_id: e.cveId, entry: e }));
  for (let i = 0; i < kev.length; i += 2000)
    await ctx.db.query(
      `INSERT INTO kev_entries (cve_id, entry, catalog_version, imported_at)
       SELECT cve_id, entry, $2, $3 FROM jsonb_to_recordset($1::jsonb) AS x(cve_id text, entry jsonb)
       ON CONFLICT (cve_id) DO UPDATE SET entry = excluded.entry, catalog_version = excluded.catalog_version, imported_at = excluded.imported_at`,
      [JSON.stringify(kev.slice(i, i + 2000)), memory.kevCatalogVersion ?? null, now],
    );
  const epss = [...memory.epss].map(([cve_id, s]) => ({ cve_id, epss: s.epss, percentile: s.percentile }));
  for (let i = 0; i < epss.length; i += 5000)
    await ctx.db.query(
      `INSERT INTO epss_scores (cve_id, epss, percentile, score_date, imported_at)
       SELECT cve_id, epss, percentile, $2, $3 FROM jsonb_to_recordset($1::jsonb) AS x(cve_id text, epss double precision, percentile double precision)
       ON CONFLICT (cve_id) DO UPDATE SET epss = excluded.epss, percentile = excluded.percentile, score_date = excluded.score_date, imported_at = excluded.imported_at`,
      [JSON.stringify(epss.slice(i, i + 5000)), memory.epssScoreDate ?? null, now],
    );
}
