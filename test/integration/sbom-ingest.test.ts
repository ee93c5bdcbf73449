/**
 * The bulk path of an SBOM upload (new-sbom-ingest.ts: components streamed to COPY in slices while they are matched,
 * findings stored in rounds with their events) must store exactly what the offline scanner finds, whatever the
 * slicing. Both engines. The generated data is the sbom-scale benchmark's, at a size a test can afford.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOsvZips, generateSbom } from '../../bench/lib/scale-data.ts';
import { VulnIndex, matchSbom } from '../../src/modules/matching/index.ts';
import { importVulnData } from '../../src/modules/portfolio/index.ts';
import { NewFindingLines, vulnKeyOf } from '../../src/modules/portfolio/finding-copy.ts';
import { parseSbom } from '../../src/modules/sbom/index.ts';
import { VulnDb, loadVulnFiles } from '../../src/modules/vulndb/index.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

const COMPONENTS = 24_321; // three slices of 10,000 and a partial one
const RECORDS = 30_000;

let t: TestApp;
let maker: Client;
let work: string;
let zips: string[];
beforeAll(async () => {
  t = await createTestApp();
  const org = await makeOrg(t.db, 'manufacturer');
  maker = await signInClient(t.app, (await makePerson(t.db, org.id, ['analyst'])).email, TEST_PASSWORD);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-ingest-'));
  zips = generateOsvZips(RECORDS).map((zip, i) => {
    const p = path.join(work, `osv-${i}.zip`);
    fs.writeFileSync(p, zip);
    return p;
  });
  await importVulnData(t.ctx, zips);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('storing and matching a large new SBOM', () => {
  it('stores every component in order and exactly the offline scanner’s findings, each with one opened event', async () => {
    const p = await maker.request('POST', '/api/v1/products', { name: 'Ingest monitor' });
    const v = await maker.request('POST', `/api/v1/products/${p.json().id}/versions`, { version: '1.0' });
    const versionId = v.json().versions[0].id as string;
    const bytes = Buffer.from(generateSbom(COMPONENTS, 29));
    const res = await maker.request('PUT', `/api/v1/product-versions/${versionId}/sbom?fileName=big.cdx.json`, bytes, {
      'content-type': 'application/octet-stream',
    });
    expect(res.statusCode, res.body).toBe(201);
    const sbomId = res.json().id as string;
    expect(res.json().componentCount).toBe(COMPONENTS);

    const parsed = parseSbom(bytes, { fileName: 'big.cdx.json' });
    const stored = await t.db.query<{ position: number; ref: string; purl: string }>(
      'SELECT position, ref, purl FROM sbom_components WHERE sbom_id = $1 ORDER BY position',
      [sbomId],
    );
    expect(stored.map((c) => c.position)).toEqual(parsed.components.map((_, i) => i));
    expect(stored.map((c) => c.ref)).toEqual(parsed.components.map((c) => c.ref));
    expect(stored.map((c) => c.purl)).toEqual(parsed.components.map((c) => c.purl));

    const offline = new VulnDb();
    await loadVulnFiles(offline, zips);
    const expected = matchSbom(parsed, new VulnIndex(offline)).findings.map((f) => `${f.componentKey} ${vulnKeyOf(f)}`);
    expect(expected.length).toBeGreaterThan(500);
    const found = await t.db.query<{ component_key: string; vuln_key: string; events: number }>(
      `SELECT f.component_key, f.vuln_key, (SELECT count(*)::int FROM finding_events e WHERE e.finding_id = f.id AND e.kind = 'finding.opened') AS events
         FROM findings f WHERE f.sbom_id = $1`,
      [sbomId],
    );
    expect(found.map((f) => `${f.component_key} ${f.vuln_key}`).sort()).toEqual([...expected].sort());
    expect(found.every((f) => f.events === 1)).toBe(true);
    expect(res.json().findings.open).toBe(expected.length);
    // The upload's answer counts what it stored; a read counts in the database: the same.
    const read = await maker.request('GET', `/api/v1/sboms/${sbomId}`);
    expect(read.json().findings).toEqual(res.json().findings);
    expect(res.json().findings.bySeverity.critical + res.json().findings.bySeverity.unrated).toBeGreaterThan(0);
  });

  it('stores findings in rounds, each round’s events after it, and keeps nothing when a round fails', async () => {
    const [sbom] = await t.db.query<{ id: string }>('SELECT id FROM sboms LIMIT 1');
    const sbomId = sbom!.id;
    const finding = (n: number) => ({
      component: { name: `probe-${n}`, version: '1.0.0', purl: `pkg:npm/probe-${n}@1.0.0`, cpe: null },
      componentKey: `npm:probe-${n}@1.0.0`,
      vulnerability: { id: `PROBE-${n}`, aliases: [`CVE-2026-${90000 + n}`], related: [] },
      summary: null,
      fixed: [],
      kev: false,
      kevCves: [],
      epss: null,
      severity: null,
      matchedBy: 'purl' as const,
    });
    const lines = new NewFindingLines(new Date('2026-11-23T09:00:00Z'));
    async function* batches() {
      for (let b = 0; b < 5; b++) yield [0, 1, 2].map((k) => lines.lineOf(finding(b * 3 + k), sbomId)!);
    }
    const stored = await t.db.transaction((tx) => lines.store(tx, batches(), 4));
    expect(stored).toBe(15);
    const rows = await t.db.query<{ n: number; events: number }>(
      `SELECT count(*)::int AS n, sum((SELECT count(*) FROM finding_events e WHERE e.finding_id = f.id))::int AS events
         FROM findings f WHERE f.component_key LIKE 'npm:probe-%'`,
    );
    expect(rows[0]).toEqual({ n: 15, events: 15 });

    async function* failing() {
      yield [lines.lineOf(finding(100), sbomId)!, lines.lineOf(finding(101), sbomId)!];
      throw new Error('matching failed');
    }
    await expect(t.db.transaction((tx) => lines.store(tx, failing(), 1))).rejects.toThrow('matching failed');
    expect(await t.db.query(`SELECT 1 FROM findings WHERE component_key IN ('npm:probe-100@1.0.0', 'npm:probe-101@1.0.0')`)).toEqual([]);
  });
});
