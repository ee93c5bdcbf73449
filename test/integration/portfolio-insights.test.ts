import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVulnData } from '../../src/modules/portfolio/index.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

const fixtures = join(import.meta.dirname, '../fixtures');
const dropwizard = JSON.parse(readFileSync(join(fixtures, 'scan/dropwizard-1.3.15.cdx.json'), 'utf8')) as {
  components: { name: string; version: string; purl: string }[];
};

/** The next release: jackson-databind upgraded, commons-text dropped, one new library. */
function nextRelease(): Buffer {
  const components = dropwizard.components
    .filter((c) => c.name !== 'commons-text')
    .map((c) =>
      c.name === 'jackson-databind'
        ? { ...c, version: '2.12.7', purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.7?type=jar' }
        : c,
    );
  components.push({ name: 'bcprov-jdk18on', version: '1.78', purl: 'pkg:maven/org.bouncycastle/bcprov-jdk18on@1.78' });
  return Buffer.from(JSON.stringify({ ...dropwizard, components }));
}

let t: TestApp;
let maker: Client;
let hospital: Client;
let sbomIds: string[];
beforeAll(async () => {
  t = await createTestApp();
  const m = await makeOrg(t.db, 'manufacturer');
  const h = await makeOrg(t.db, 'hdo');
  maker = await signInClient(t.app, (await makePerson(t.db, m.id, ['analyst'])).email, TEST_PASSWORD);
  hospital = await signInClient(t.app, (await makePerson(t.db, h.id, ['analyst'])).email, TEST_PASSWORD);
  const product = (await maker.request('POST', '/api/v1/products', { name: 'Gateway' })).json().id as string;
  sbomIds = [];
  for (const [version, body] of [
    ['1.0', readFileSync(join(fixtures, 'scan/dropwizard-1.3.15.cdx.json'))],
    ['2.0', nextRelease()],
  ] as const) {
    const v = (await maker.request('POST', `/api/v1/products/${product}/versions`, { version })).json();
    const versionId = v.versions.find((x: { version: string }) => x.version === version).id as string;
    const s = await maker.request('PUT', `/api/v1/product-versions/${versionId}/sbom`, body, {
      'content-type': 'application/octet-stream',
    });
    expect(s.statusCode).toBe(201);
    sbomIds.push(s.json().id as string);
  }
  await importVulnData(t.ctx, [join(fixtures, 'vulndb/ghsa')]);
});
afterAll(async () => t.close());

describe('portfolio insights', () => {
  it('shows what changed between two versions’ SBOMs', async () => {
    const res = await maker.request('GET', `/api/v1/sboms/${sbomIds[0]}/diff/${sbomIds[1]}`);
    expect(res.statusCode).toBe(200);
    const diff = res.json();
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 165 });
    expect(diff.added).toEqual([
      { name: 'bcprov-jdk18on', group: null, version: '1.78', purl: 'pkg:maven/org.bouncycastle/bcprov-jdk18on@1.78' },
    ]);
    expect(diff.removed.map((c: { name: string }) => c.name)).toEqual(['commons-text']);
    expect(diff.changed).toEqual([{ name: 'jackson-databind', group: 'com.fasterxml.jackson.core', from: ['2.9.10'], to: ['2.12.7'] }]);
    expect((await hospital.request('GET', `/api/v1/sboms/${sbomIds[0]}/diff/${sbomIds[1]}`)).statusCode).toBe(404);
  });

  it('finds which of my versions a vulnerability affects, by any of its ids', async () => {
    for (const id of ['CVE-2020-36518', 'GHSA-57j2-w4cx-62h2', 'ghsa-57j2-w4cx-62h2']) {
      const res = await maker.request('GET', `/api/v1/vulnerabilities/${id}`);
      expect(res.statusCode).toBe(200);
      const v = res.json();
      expect([v.id, ...v.aliases].sort()).toEqual(['CVE-2020-36518', 'GHSA-57j2-w4cx-62h2']);
      expect(v.myProducts.map((p: { version: string; component: { version: string } }) => `${p.version} ${p.component.version}`)).toEqual([
        '1.0 2.9.10',
      ]);
      expect(v.records[0].affected[0].ranges).toContain('introduced 2.13.0, fixed 2.13.2.1');
    }
    const dir = mkdtempSync(join(tmpdir(), 'isao-kev-'));
    const kev = {
      catalogVersion: '2026.11.01',
      dateReleased: '2026-11-01T00:00:00Z',
      count: 1,
      vulnerabilities: [
        {
          cveID: 'CVE-2022-42889',
          vendorProject: 'Apache',
          product: 'Commons Text',
          dateAdded: '2026-10-01',
          dueDate: '2026-10-22',
          requiredAction: 'Apply updates.',
        },
      ],
    };
    writeFileSync(join(dir, 'kev.json'), JSON.stringify(kev));
    await importVulnData(t.ctx, [dir]);
    const text = (await maker.request('GET', '/api/v1/vulnerabilities/CVE-2022-42889')).json();
    expect(text.kev).toEqual([
      { cveId: 'CVE-2022-42889', dateAdded: '2026-10-01', dueDate: '2026-10-22', requiredAction: 'Apply updates.' },
    ]);
    // commons-text 1.2 is below the affected range (1.5 to 1.10.0): none of my versions has it.
    expect(text.myProducts).toEqual([]);
    const seenByHospital = (await hospital.request('GET', '/api/v1/vulnerabilities/CVE-2020-36518')).json();
    expect(seenByHospital.myProducts).toEqual([]);
    expect((await maker.request('GET', '/api/v1/vulnerabilities/CVE-1999-0001')).statusCode).toBe(404);
    expect((await maker.request('GET', '/api/v1/vulnerabilities/%3Cscript%3E')).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/vulnerabilities/CVE-2020-36518' })).statusCode).toBe(401);
  });
});
