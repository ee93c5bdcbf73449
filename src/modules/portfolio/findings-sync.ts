import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Queryable } from '../../server/db/client.ts';
import type { Handoff } from '../../shared/handoff.ts';
import { type Finding, VulnIndex, matchComponent, matchSbom } from '../matching/index.ts';
import type { Sbom, SbomComponent } from '../sbom/index.ts';
import { VulnDb, type VulnRecord } from '../vulndb/index.ts';
import { NewFindingLines, findingRow, vulnKeyOf } from './finding-copy.ts';

/** A stored component as matching needs it. */
export interface ComponentRow {
  ref: string;
  name: string;
  version: string | null;
  grp: string | null;
  purl: string | null;
  cpe: string | null;
  package_key: string | null;
  cpe_product: string | null;
  component_key: string;
}

/** A component of an SBOM being uploaded: as stored, plus the version its purl names (what matching compares). */
export interface NewComponentRow extends ComponentRow {
  match_version: string | null;
}

const WRITE_BATCH = 2000;
/** Components matched between two turns of the event loop (letting a COPY move on). */
const MATCH_SLICE = 2000;

/** The index of the stored records that may affect any of these components. */
async function loadVulnIndex(reader: Queryable, components: readonly ComponentRow[]): Promise<VulnIndex> {
  const loader = new CandidateLoader(reader);
  loader.request(components);
  return loader.index();
}

/**
 * Loads the records that may affect components as their keys become known: each `request` sends one query for the
 * keys not asked for yet, without waiting, so the database looks them up while the caller works out the next
 * components; `index` waits for every answer, adds the KEV and EPSS signals and indexes the records.
 */
export class CandidateLoader {
  readonly #db = new VulnDb();
  readonly #packages = new Set<string>();
  readonly #cpes = new Set<string>();
  readonly #pending: Promise<void>[] = [];

  constructor(private readonly reader: Queryable) {}

  request(components: readonly ComponentRow[]): void {
    const packageKeys: string[] = [];
    const cpeKeys: string[] = [];
    for (const c of components) {
      if (c.package_key && !this.#packages.has(c.package_key)) {
        this.#packages.add(c.package_key);
        packageKeys.push(c.package_key);
      }
      if (c.cpe_product && !this.#cpes.has(c.cpe_product)) {
        this.#cpes.add(c.cpe_product);
        cpeKeys.push(c.cpe_product);
      }
    }
    if (packageKeys.length === 0 && cpeKeys.length === 0) return;
    const answer = this.reader
      .query<{ record: VulnRecord }>(
        `SELECT r.record FROM vuln_records r WHERE r.withdrawn IS NULL AND r.id IN (
           SELECT record_id FROM vuln_record_keys WHERE (key_kind = 'package' AND key = ANY($1::text[])) OR (key_kind = 'cpe' AND key = ANY($2::text[])))`,
        [packageKeys, cpeKeys],
      )
      .then((rows) => {
        for (const r of rows) this.#db.add(r.record);
      });
    answer.catch(() => undefined); // awaited in index()
    this.#pending.push(answer);
  }

  async index(): Promise<VulnIndex> {
    await Promise.all(this.#pending);
    const db = this.#db;
    const cves = new Set<string>();
    for (const r of db.records.values()) for (const id of [r.id, ...r.aliases, ...r.related]) if (id.startsWith('CVE-')) cves.add(id);
    if (cves.size > 0) {
      const list = [...cves];
      for (const k of await this.reader.query<{ cve_id: string }>('SELECT cve_id FROM kev_entries WHERE cve_id = ANY($1::text[])', [list]))
        db.kev.set(k.cve_id, { cveId: k.cve_id });
      for (const e of await this.reader.query<{ cve_id: string; epss: number; percentile: number }>(
        'SELECT cve_id, epss, percentile FROM epss_scores WHERE cve_id = ANY($1::text[])',
        [list],
      ))
        db.epss.set(e.cve_id, { epss: e.epss, percentile: e.percentile });
    }
    return new VulnIndex(db);
  }
}

/**
 * Matches the components of a new SBOM, each distinct component once, in slices: each slice's findings are handed
 * to `out` as COPY lines (see NewFindingLines), and between two slices the event loop turns, so COPYs already
 * started keep feeding the database meanwhile.
 */
export async function matchNewComponents(
  rows: readonly NewComponentRow[],
  index: VulnIndex,
  sbomId: string,
  lines: NewFindingLines,
  out: Handoff<string>,
): Promise<void> {
  const seen = new Set<string>();
  for (let start = 0; start < rows.length; start += MATCH_SLICE) {
    if (start > 0) await nextTurn();
    const made: string[] = [];
    for (const c of rows.slice(start, start + MATCH_SLICE)) {
      if (seen.has(c.component_key)) continue;
      seen.add(c.component_key);
      const version = c.match_version ?? undefined;
      if (!version && !c.cpe) continue;
      const reported = { name: c.name, version: c.match_version, purl: c.purl, cpe: c.cpe };
      const matchable = {
        key: c.component_key,
        packageKey: c.package_key ?? undefined,
        version,
        cpe: c.cpe ?? undefined,
        cpeVersion: c.version ?? undefined,
        reported,
      };
      const findings = matchComponent(matchable, index);
      // Two alias groups may share a vulnerability key: one finding each component and key.
      const vulnKeys = findings.length > 1 ? new Set<string>() : undefined;
      for (const f of findings) {
        const line = lines.lineOf(f, sbomId, vulnKeys);
        if (line !== null) made.push(line);
      }
    }
    out.push(made);
  }
}

/** Stores new findings of one or more SBOMs, each with its `finding.opened` event (see NewFindingLines). */
async function insertFindings(tx: Queryable, findings: readonly (Finding & { sbomId: string })[], now: Date): Promise<number> {
  const lines = new NewFindingLines(now);
  const made = findings.map((f) => lines.lineOf(f, f.sbomId)).filter((l): l is string => l !== null);
  return lines.store(tx, [made]);
}

/**
 * Re-evaluates components of one or more SBOMs (sbom id → its components) against the stored vulnerability data and
 * brings their findings up to date in the caller's transaction: new ones open (a `finding.opened` event each),
 * vanished ones close (withdrawn or changed records), closed ones that match again reopen. VEX decisions are kept.
 * The candidate records are loaded once for all the SBOMs. Returns the counts.
 */
export async function syncFindings(
  tx: Queryable,
  groups: Map<string, ComponentRow[]>,
  now: Date,
): Promise<{ opened: number; closed: number }> {
  const all = [...groups.values()].flat();
  if (all.length === 0) return { opened: 0, closed: 0 };
  const index = await loadVulnIndex(tx, all);
  const fresh = new Map<string, Finding & { sbomId: string }>();
  for (const [sbomId, components] of groups) {
    for (const f of matchSbom(asSbom(components), index).findings)
      fresh.set(`${sbomId}\u0000${f.componentKey}\u0000${vulnKeyOf(f)}`, { ...f, sbomId });
  }
  const existing = await tx.query<{ id: string; sbom_id: string; component_key: string; vuln_key: string; status: string }>(
    'SELECT id, sbom_id, component_key, vuln_key, status FROM findings WHERE sbom_id = ANY($1::uuid[]) AND component_key = ANY($2::text[])',
    [[...groups.keys()], [...new Set(all.map((c) => c.component_key))]],
  );
  const byKey = new Map(existing.map((e) => [`${e.sbom_id}\u0000${e.component_key}\u0000${e.vuln_key}`, e]));
  const inserts = [];
  const updates = [];
  for (const [key, f] of fresh) {
    const known = byKey.get(key);
    if (!known) inserts.push(f);
    else updates.push({ ...findingRow(f), sbom_id: f.sbomId, id: known.id, reopen: known.status === 'closed' });
  }
  const closes = existing
    .filter((e) => e.status === 'open' && !fresh.has(`${e.sbom_id}\u0000${e.component_key}\u0000${e.vuln_key}`))
    .map((e) => e.id);
  await insertFindings(tx, inserts, now);
  for (let i = 0; i < updates.length; i += WRITE_BATCH) {
    const batch = updates.slice(i, i + WRITE_BATCH);
    await tx.query(
      `UPDATE findings f SET vulnerability = x.vulnerability, record_ids = x.record_ids, own_cves = x.own_cves, cves = x.cves, summary = x.summary,
         fixed = x.fixed, kev = x.kev, epss = x.epss, severity = x.severity, severity_rank = x.severity_rank, matched_by = x.matched_by,
         status = 'open', closed_reason = NULL, updated_at = CASE WHEN x.reopen THEN $2 ELSE f.updated_at END
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, vulnerability jsonb, record_ids text[], own_cves text[], cves text[], summary text,
         fixed text[], kev boolean, epss double precision, severity jsonb, severity_rank smallint, matched_by text, reopen boolean)
       WHERE f.id = x.id`,
      [JSON.stringify(batch), now],
    );
    await addEvents(
      tx,
      batch.filter((u) => u.reopen).map((u) => u.id),
      'finding.reopened',
      now,
    );
  }
  if (closes.length > 0) {
    await tx.query(
      `UPDATE findings SET status = 'closed', closed_reason = 'no longer matched (record withdrawn or its affected versions changed)', updated_at = $2
       WHERE id = ANY($1::uuid[])`,
      [closes, now],
    );
    await addEvents(tx, closes, 'finding.closed', now);
  }
  return { opened: inserts.length + updates.filter((u) => u.reopen).length, closed: closes.length };
}

function asSbom(components: ComponentRow[]): Sbom {
  return {
    source: { format: 'cyclonedx', specVersion: '1.6', encoding: 'json' },
    authors: [],
    dependencies: [],
    vulnerabilities: [],
    warnings: [],
    components: components.map((c): SbomComponent => ({
      ref: c.ref,
      name: c.name,
      version: c.version ?? undefined,
      group: c.grp ?? undefined,
      purl: c.purl ?? undefined,
      cpe: c.cpe ?? undefined,
      hashes: [],
      licenses: [],
    })),
  };
}

async function addEvents(tx: Queryable, ids: string[], kind: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.query('INSERT INTO finding_events (finding_id, at, kind) SELECT unnest($1::uuid[]), $2, $3', [ids, now, kind]);
}
