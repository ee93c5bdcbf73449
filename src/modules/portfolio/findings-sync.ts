import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Queryable } from '../../server/db/client.ts';
import type { Handoff } from '../../shared/handoff.ts';
import { uuidV7 } from '../../server/db/uuid-v7.ts';
import { copyBoolean, copyJson, copyLine, copyNumber, copyText, copyTextArray, copyTimestamp } from '../../server/db/copy-format.ts';
import { type Finding, VulnIndex, matchComponent, matchSbom } from '../matching/index.ts';
import type { Sbom, SbomComponent } from '../sbom/index.ts';
import { VulnDb, type VulnRecord, severityRank } from '../vulndb/index.ts';

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
/** Rows per COPY chunk, and components matched between two turns of the event loop (letting a COPY move on). */
const COPY_CHUNK = 1000;
const MATCH_SLICE = 2000;

/** The stable identity of a vulnerability across databases: the lowest CVE among the id and its aliases, else the id. */
export function vulnKeyOf(f: Pick<Finding, 'vulnerability'>): string {
  const cves = [f.vulnerability.id, ...f.vulnerability.aliases].filter((x) => x.startsWith('CVE-')).sort();
  return cves[0] ?? f.vulnerability.id;
}

/** The index of the stored records that may affect any of these components. */
export async function loadVulnIndex(tx: Queryable, components: readonly ComponentRow[]): Promise<VulnIndex> {
  const packageKeys = new Set<string>();
  const cpeKeys = new Set<string>();
  for (const c of components) {
    if (c.package_key) packageKeys.add(c.package_key);
    if (c.cpe_product) cpeKeys.add(c.cpe_product);
  }
  return new VulnIndex(await loadCandidates(tx, [...packageKeys], [...cpeKeys]));
}

/**
 * Matches the components of a new SBOM, each distinct component once, in slices handed to `out` as they are done:
 * between two slices the event loop turns, so COPYs already started keep feeding the database meanwhile.
 */
export async function matchNewComponents(rows: readonly NewComponentRow[], index: VulnIndex, out: Handoff<Finding>): Promise<void> {
  const seen = new Set<string>();
  for (let start = 0; start < rows.length; start += MATCH_SLICE) {
    if (start > 0) await nextTurn();
    const findings: Finding[] = [];
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
      for (const f of matchComponent(matchable, index)) findings.push(f);
    }
    out.push(findings);
  }
}

const FINDING_COLUMNS = [
  'id',
  'sbom_id',
  'component_key',
  'component',
  'vuln_key',
  'vulnerability',
  'record_ids',
  'own_cves',
  'cves',
  'summary',
  'fixed',
  'kev',
  'epss',
  'severity',
  'severity_rank',
  'matched_by',
  'opened_at',
  'updated_at',
];

/**
 * Stores new findings, each with its `finding.opened` event, with COPY. They are taken batch by batch as they come (a
 * matcher may still be producing them) and stored in rounds of at least `round` findings, each round's events right
 * after its findings, so that little is left to store when the last batch arrives. A finding with the same SBOM,
 * component and vulnerability must not exist; several findings of one component and vulnerability count once.
 * Returns how many were stored.
 */
export async function insertFindings<F extends Finding>(
  tx: Queryable,
  batches: Iterable<readonly F[]> | AsyncIterable<readonly F[]>,
  sbomIdOf: (f: F) => string,
  now: Date,
  round = 10_000,
): Promise<number> {
  const seen = new Set<string>();
  const at = copyTimestamp(now);
  let stored = 0;
  let pending: F[] = [];
  const flush = async () => {
    const findings = pending;
    pending = [];
    const ids: string[] = [];
    function* findingLines() {
      let chunk = '';
      let n = 0;
      for (const f of findings) {
        const row = findingRow(f);
        const sbomId = sbomIdOf(f);
        const key = `${sbomId}\u0000${f.componentKey}\u0000${row.vuln_key}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const id = uuidV7();
        ids.push(id);
        chunk += copyLine([
          id,
          sbomId,
          copyText(row.component_key),
          copyJson(row.component),
          copyText(row.vuln_key),
          copyJson(row.vulnerability),
          copyTextArray(row.record_ids),
          copyTextArray(row.own_cves),
          copyTextArray(row.cves),
          copyText(row.summary),
          copyTextArray(row.fixed),
          copyBoolean(row.kev),
          copyNumber(row.epss),
          copyJson(row.severity),
          copyNumber(row.severity_rank),
          copyText(row.matched_by),
          at,
          at,
        ]);
        if (++n === COPY_CHUNK) {
          yield chunk;
          chunk = '';
          n = 0;
        }
      }
      if (chunk) yield chunk;
    }
    function* eventLines() {
      for (let i = 0; i < ids.length; i += COPY_CHUNK) {
        let chunk = '';
        for (const id of ids.slice(i, i + COPY_CHUNK)) chunk += `${uuidV7()}\t${id}\t${at}\tfinding.opened\n`;
        yield chunk;
      }
    }
    if (findings.length === 0) return;
    await tx.copyIn('findings', FINDING_COLUMNS, findingLines());
    if (ids.length > 0) await tx.copyIn('finding_events', ['id', 'finding_id', 'at', 'kind'], eventLines());
    stored += ids.length;
  };
  for await (const batch of batches) {
    for (const f of batch) pending.push(f);
    if (pending.length >= round) await flush();
  }
  await flush();
  return stored;
}

/** Loads the records (and their KEV and EPSS signals) that name any of these package or CPE keys. */
async function loadCandidates(tx: Queryable, packageKeys: string[], cpeKeys: string[]): Promise<VulnDb> {
  const db = new VulnDb();
  if (packageKeys.length === 0 && cpeKeys.length === 0) return db;
  const rows = await tx.query<{ record: VulnRecord }>(
    `SELECT r.record FROM vuln_records r WHERE r.withdrawn IS NULL AND r.id IN (
       SELECT record_id FROM vuln_record_keys WHERE (key_kind = 'package' AND key = ANY($1::text[])) OR (key_kind = 'cpe' AND key = ANY($2::text[])))`,
    [packageKeys, cpeKeys],
  );
  for (const r of rows) db.add(r.record);
  const cves = [
    ...new Set(rows.flatMap((r) => [r.record.id, ...r.record.aliases, ...r.record.related]).filter((x) => x.startsWith('CVE-'))),
  ];
  if (cves.length > 0) {
    for (const k of await tx.query<{ cve_id: string }>('SELECT cve_id FROM kev_entries WHERE cve_id = ANY($1::text[])', [cves]))
      db.kev.set(k.cve_id, { cveId: k.cve_id });
    for (const e of await tx.query<{ cve_id: string; epss: number; percentile: number }>(
      'SELECT cve_id, epss, percentile FROM epss_scores WHERE cve_id = ANY($1::text[])',
      [cves],
    ))
      db.epss.set(e.cve_id, { epss: e.epss, percentile: e.percentile });
  }
  return db;
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
  await insertFindings(tx, [inserts], (f) => f.sbomId, now);
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

function findingRow(f: Finding) {
  const own = [f.vulnerability.id, ...f.vulnerability.aliases].filter((x) => x.startsWith('CVE-'));
  return {
    component_key: f.componentKey,
    component: f.component,
    vuln_key: vulnKeyOf(f),
    vulnerability: f.vulnerability,
    record_ids: [f.vulnerability.id, ...f.vulnerability.aliases],
    own_cves: own,
    cves: [...own, ...f.vulnerability.related.filter((x) => x.startsWith('CVE-'))],
    summary: f.summary,
    fixed: f.fixed,
    kev: f.kev,
    epss: f.epss,
    severity: f.severity,
    severity_rank: severityRank(f.severity),
    matched_by: f.matchedBy,
  };
}

async function addEvents(tx: Queryable, ids: string[], kind: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.query('INSERT INTO finding_events (finding_id, at, kind) SELECT unnest($1::uuid[]), $2, $3', [ids, now, kind]);
}
