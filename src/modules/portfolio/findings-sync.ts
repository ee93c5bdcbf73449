import type { Queryable } from '../../server/db/client.ts';
import { type Finding, VulnIndex, matchSbom } from '../matching/index.ts';
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

const WRITE_BATCH = 2000;

/** The stable identity of a vulnerability across databases: the lowest CVE among the id and its aliases, else the id. */
export function vulnKeyOf(f: Pick<Finding, 'vulnerability'>): string {
  const cves = [f.vulnerability.id, ...f.vulnerability.aliases].filter((x) => x.startsWith('CVE-')).sort();
  return cves[0] ?? f.vulnerability.id;
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
  options: { newSbom?: boolean } = {},
): Promise<{ opened: number; closed: number }> {
  const all = [...groups.values()].flat();
  if (all.length === 0) return { opened: 0, closed: 0 };
  const packageKeys = [...new Set(all.flatMap((c) => (c.package_key ? [c.package_key] : [])))];
  const cpeKeys = [...new Set(all.flatMap((c) => (c.cpe_product ? [c.cpe_product] : [])))];
  const index = new VulnIndex(await loadCandidates(tx, packageKeys, cpeKeys));
  const fresh = new Map<string, Finding & { sbomId: string }>();
  for (const [sbomId, components] of groups) {
    for (const f of matchSbom(asSbom(components), index).findings)
      fresh.set(`${sbomId}\u0000${f.componentKey}\u0000${vulnKeyOf(f)}`, { ...f, sbomId });
  }
  // A new SBOM has no findings yet: nothing to compare with.
  const existing = options.newSbom
    ? []
    : await tx.query<{ id: string; sbom_id: string; component_key: string; vuln_key: string; status: string }>(
        'SELECT id, sbom_id, component_key, vuln_key, status FROM findings WHERE sbom_id = ANY($1::uuid[]) AND component_key = ANY($2::text[])',
        [[...groups.keys()], [...new Set(all.map((c) => c.component_key))]],
      );
  const byKey = new Map(existing.map((e) => [`${e.sbom_id}\u0000${e.component_key}\u0000${e.vuln_key}`, e]));
  const inserts = [];
  const updates = [];
  for (const [key, f] of fresh) {
    const row = { ...findingRow(f), sbom_id: f.sbomId };
    const known = byKey.get(key);
    if (!known) inserts.push(row);
    else updates.push({ ...row, id: known.id, reopen: known.status === 'closed' });
  }
  const closes = existing
    .filter((e) => e.status === 'open' && !fresh.has(`${e.sbom_id}\u0000${e.component_key}\u0000${e.vuln_key}`))
    .map((e) => e.id);
  // Batches keep each statement (and the embedded database's memory) small on SBOMs with 100,000s of findings.
  for (let i = 0; i < inserts.length; i += WRITE_BATCH) {
    const ids = await tx.query<{ id: string }>(
      `INSERT INTO findings (sbom_id, component_key, component, vuln_key, vulnerability, record_ids, own_cves, cves, summary, fixed, kev, epss,
         severity, severity_rank, matched_by, opened_at, updated_at)
       SELECT sbom_id, component_key, component, vuln_key, vulnerability, record_ids, own_cves, cves, summary, fixed, kev, epss, severity,
         severity_rank, matched_by, $2, $2
         FROM jsonb_to_recordset($1::jsonb) AS x(sbom_id uuid, component_key text, component jsonb, vuln_key text, vulnerability jsonb, record_ids text[],
           own_cves text[], cves text[], summary text, fixed text[], kev boolean, epss double precision, severity jsonb, severity_rank smallint, matched_by text)
       RETURNING id`,
      [JSON.stringify(inserts.slice(i, i + WRITE_BATCH)), now],
    );
    await addEvents(
      tx,
      ids.map((r) => r.id),
      'finding.opened',
      now,
    );
  }
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
