import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVulnData } from '../../src/modules/portfolio/index.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fixtures = join(import.meta.dirname, '../fixtures/csaf');
const icsmaDir = join(fixtures, 'icsma');
const icsma = readdirSync(icsmaDir).filter((f) => f.endsWith('.json'));
const fixture = (name: string) => readFileSync(name.startsWith('icsma') ? join(icsmaDir, name) : join(fixtures, name));
const parsed = (name: string): Json => JSON.parse(fixture(name).toString('utf8'));

let t: TestApp;
let coordinator: Client;
let maker: Client;
let makerReader: Client;
let hospital: Client;
let otherMaker: Client;
let bpl: { productId: string; inRange: string; outOfRange: string };

const upload = (c: Client | TestApp, body: Buffer | string, type = 'application/octet-stream') =>
  'request' in c
    ? c.request('POST', '/api/v1/advisories', body, { 'content-type': type })
    : c.app.inject({ method: 'POST', url: '/api/v1/advisories', payload: body, headers: { 'content-type': type } });
const anonymous = (url: string) => t.app.inject({ method: 'GET', url });
const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
const list = async (c: Client | null, query: string) => {
  const res = c ? await c.request('GET', `/api/v1/advisories?${query}`) : await anonymous(`/api/v1/advisories?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Json[]; nextCursor: string | null }>();
};
const idOf = async (trackingId: string) =>
  (await t.db.query<{ id: string }>('SELECT id FROM advisories WHERE tracking_id = $1', [trackingId]))[0]!.id;

async function product(c: Client, name: string, versions: string[]) {
  const p = await c.request('POST', '/api/v1/products', { name });
  expect(p.statusCode, p.body).toBe(201);
  const ids: string[] = [];
  for (const version of versions) {
    const v = await c.request('POST', `/api/v1/products/${p.json().id}/versions`, { version });
    expect(v.statusCode, v.body).toBe(201);
    ids.push(v.json().versions.find((x: Json) => x.version === version).id);
  }
  return { productId: p.json().id as string, versionIds: ids };
}

beforeAll(async () => {
  t = await createTestApp();
  const operator = await makeOrg(t.db, 'operator', { name: 'The ISAO' });
  coordinator = await signInClient(t.app, (await makePerson(t.db, operator.id, ['coordinator'])).email, TEST_PASSWORD);
  // BPL Medical Technologies registers the Be Well app before the advisory naming it is imported.
  const bplOrg = await makeOrg(t.db, 'manufacturer', { name: 'BPL Medical Technologies Pvt. Ltd.' });
  maker = await signInClient(t.app, (await makePerson(t.db, bplOrg.id, ['analyst'])).email, TEST_PASSWORD);
  makerReader = await signInClient(t.app, (await makePerson(t.db, bplOrg.id, ['read_only'])).email, TEST_PASSWORD);
  hospital = await signInClient(t.app, (await makePerson(t.db, (await makeOrg(t.db, 'hdo')).id, ['org_admin'])).email, TEST_PASSWORD);
  otherMaker = await signInClient(
    t.app,
    (await makePerson(t.db, (await makeOrg(t.db, 'manufacturer')).id, ['analyst'])).email,
    TEST_PASSWORD,
  );
  const app = await product(maker, 'Be Well Android Application', ['3.50', '4.0']);
  bpl = { productId: app.productId, inRange: app.versionIds[0]!, outOfRange: app.versionIds[1]! };
}, 60_000);
afterAll(async () => t?.close());

describe('importing CISA medical advisories', () => {
  it('imports all 98 ICSMA files without error, and importing them again changes nothing', async () => {
    expect(icsma).toHaveLength(98);
    const outcomes: string[] = [];
    for (const f of icsma) {
      const res = await upload(coordinator, fixture(f));
      expect(res.statusCode, `${f}: ${res.body}`).toBe(201);
      outcomes.push(res.json().outcome);
    }
    expect(outcomes.every((o) => o === 'added')).toBe(true);
    expect(await count('advisories')).toBe(98);
    const audit = await count('audit_events');
    const revisions = await count('advisory_revisions');
    for (const f of icsma.slice(0, 20)) expect((await upload(coordinator, fixture(f))).json().outcome).toBe('unchanged');
    expect(await count('advisories')).toBe(98);
    expect(await count('advisory_revisions')).toBe(revisions);
    expect(await count('audit_events')).toBe(audit);
  }, 120_000);

  it('serves the stored document byte for byte, with its CSAF file name and SHA-256', async () => {
    const id = await idOf('ICSMA-24-254-01');
    const res = await anonymous(`/api/v1/advisories/${id}/csaf`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(fixture('icsma-24-254-01.json'))).toBe(true);
    expect(res.headers['content-disposition']).toBe('attachment; filename="icsma-24-254-01.json"');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const detail = (await anonymous(`/api/v1/advisories/${id}`)).json();
    expect(res.headers['x-checksum-sha256']).toBe(detail.sha256);
    expect(detail).toMatchObject({
      trackingId: 'ICSMA-24-254-01',
      publisher: 'CISA',
      tlp: 'CLEAR',
      csafTlp: 'WHITE',
      cves: ['CVE-2024-34463'],
      maxScore: 4.6,
      vendors: ['BPL Medical Technologies'],
    });
    expect(detail.vulnerabilities[0]).toMatchObject({ cve: 'CVE-2024-34463', cwe: { id: 'CWE-319' }, kev: false });
    expect(detail.productTree.map((p: Json) => [p.productName, p.version, p.statuses])).toEqual([
      ['Be Well Android Application', '<=3.64', ['known_affected']],
      ['PWS-01-BT', 'vers:all/*', ['known_affected']],
    ]);
    expect(detail.vulnerabilities[0].remediations[0]).toMatchObject({
      category: 'mitigation',
      productIds: ['CSAFPID-0001', 'CSAFPID-0002'],
    });
  });

  it('a newer revision replaces the current one (removed vulnerabilities disappear); an older one never does', async () => {
    const original = parsed('icsma-22-251-01.json');
    const id = await idOf('ICSMA-22-251-01');
    const newer = structuredClone(original);
    newer.document.tracking.version = '3';
    newer.document.tracking.current_release_date = '2022-10-20T00:00:00.000Z';
    newer.document.tracking.revision_history.push({ date: '2022-10-20T00:00:00.000Z', number: '3', summary: 'Update B' });
    newer.document.title = 'Baxter Sigma Spectrum Infusion Pump (Update B)';
    newer.vulnerabilities = newer.vulnerabilities.filter((v: Json) => v.cve !== 'CVE-2022-26394');
    const updated = await upload(coordinator, JSON.stringify(newer));
    expect(updated.statusCode, updated.body).toBe(201);
    expect(updated.json()).toMatchObject({ id, outcome: 'updated', version: '3' });
    let detail = (await anonymous(`/api/v1/advisories/${id}`)).json();
    expect(detail.title).toBe('Baxter Sigma Spectrum Infusion Pump (Update B)');
    expect(detail.cves).not.toContain('CVE-2022-26394');
    expect(detail.vulnerabilities).toHaveLength(3);
    expect((await list(null, 'cve=CVE-2022-26394')).items).toHaveLength(0);
    expect((await list(null, 'cve=CVE-2022-26390')).items.map((a) => a.id)).toEqual([id]);

    // The original (version 2) and a version 1 arrive late: kept in the history, never current.
    expect((await upload(coordinator, fixture('icsma-22-251-01.json'))).json().outcome).toBe('older');
    const first = structuredClone(original);
    first.document.tracking.version = '1';
    first.document.tracking.current_release_date = '2022-09-08T00:00:00.000Z';
    first.document.tracking.revision_history = first.document.tracking.revision_history.slice(0, 1);
    expect((await upload(coordinator, JSON.stringify(first))).json().outcome).toBe('older');
    detail = (await anonymous(`/api/v1/advisories/${id}`)).json();
    expect(detail.version).toBe('3');
    expect(detail.receivedRevisions.map((r: Json) => [r.version, r.current])).toEqual([
      ['3', true],
      ['2', false],
      ['1', false],
    ]);
    const served = await anonymous(`/api/v1/advisories/${id}/csaf`);
    expect(JSON.parse(served.body).document.tracking.version).toBe('3');
    // The newer one again: unchanged.
    expect((await upload(coordinator, JSON.stringify(newer))).json().outcome).toBe('unchanged');
  });

  it('refuses invalid CSAF with the failing test ids and stores nothing', async () => {
    const before = [await count('advisories'), await count('advisory_revisions'), await count('advisory_products')];
    const bad = parsed('icsma-24-254-01.json');
    bad.document.tracking.id = 'ICSMA-99-001-01';
    bad.vulnerabilities[0].product_status.known_affected.push('CSAFPID-9999'); // 6.1.1: undefined product id
    let res = await upload(coordinator, JSON.stringify(bad));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('csaf_invalid');
    expect(res.json().error.details.tests).toContain('6.1.1');
    expect(res.json().error.message).toMatch(/6\.1\.1/);

    const noTitle = parsed('icsma-24-254-01.json');
    delete noTitle.document.title;
    res = await upload(coordinator, JSON.stringify(noTitle));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.tests).toContain('csaf_2_0_strict');

    const cases: [string, Buffer | string, number, RegExp][] = [
      ['not JSON', '{"document": ', 422, /invalid JSON/],
      ['an array', '[1, 2]', 422, /JSON object/],
      ['not CSAF', '{"bomFormat": "CycloneDX"}', 422, /csaf_version/],
      ['CSAF 2.1', '{"document": {"csaf_version": "2.1"}}', 422, /csaf_version/],
      ['empty', '', 422, /empty|body/i],
      ['binary', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00]), 422, /UTF-8/],
      ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`, 422, /nests deeper/],
      ['a bare skeleton', '{"document": {"csaf_version": "2.0"}}', 422, /csaf_2_0_strict/],
    ];
    for (const [what, body, status, message] of cases) {
      const r = await upload(coordinator, body);
      expect(r.statusCode, `${what}: ${r.body}`).toBe(status);
      expect(r.json().error.message, what).toMatch(message);
    }
    expect((await upload(coordinator, '{}', 'application/json')).statusCode).toBe(415);
    expect((await upload(coordinator, Buffer.alloc(16 * 1024 * 1024 + 10, 0x20))).statusCode).toBe(413);
    expect([await count('advisories'), await count('advisory_revisions'), await count('advisory_products')]).toEqual(before);
  });

  it('only ISAO coordinators and platform admins import', async () => {
    for (const c of [maker, hospital, otherMaker]) {
      const res = await upload(c, fixture('icsma-24-254-01.json'));
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await upload(t, fixture('icsma-24-254-01.json'))).statusCode).toBe(401);
  });
});

describe('reading advisories through the policy', () => {
  let ciscoId: string;
  beforeAll(async () => {
    // No TLP in the document: kept with the importing organisation (TLP:AMBER, own organisation).
    const res = await upload(coordinator, fixture('csaf__cisco-sa-20180328-smi2.json'));
    expect(res.statusCode, res.body).toBe(201);
    ciscoId = res.json().id;
    expect((await upload(coordinator, fixture('csaf__bsi-2022-0001.json'))).statusCode).toBe(201);
  });

  it('an advisory without a TLP stays with the importing organisation: nowhere else, not even by id', async () => {
    const [row] = await t.db.query<{ tlp: string; audience: string }>('SELECT tlp, audience FROM advisories WHERE id = $1', [ciscoId]);
    expect(row).toEqual({ tlp: 'AMBER', audience: 'own_org' });
    expect((await list(coordinator, 'vendor=cisco')).items.map((a) => a.id)).toEqual([ciscoId]);
    for (const c of [maker, hospital, null]) {
      expect((await list(c, 'vendor=cisco')).items).toHaveLength(0);
      expect((await list(c, 'q=cisco')).items).toHaveLength(0);
      expect((await list(c, 'limit=200')).items.map((a) => a.id)).not.toContain(ciscoId);
      for (const url of [`/api/v1/advisories/${ciscoId}`, `/api/v1/advisories/${ciscoId}/csaf`]) {
        const res = c ? await c.request('GET', url) : await anonymous(url);
        expect(res.statusCode, url).toBe(404);
      }
    }
  });

  it('filters by vendor, product, CVE, KEV and release date, and searches with highlighted passages', async () => {
    expect((await list(null, 'vendor=baxter')).items.every((a) => a.vendors.some((v: string) => /baxter/i.test(v)))).toBe(true);
    expect((await list(null, 'product=sigma%20spectrum')).items.map((a) => a.trackingId)).toContain('ICSMA-22-251-01');
    const dated = await list(null, 'from=2024-01-01&to=2024-06-30&limit=200');
    expect(dated.items.length).toBeGreaterThan(0);
    for (const a of dated.items) {
      expect(a.initialReleaseDate >= '2024-01-01').toBe(true);
      expect(a.initialReleaseDate < '2024-07-01').toBe(true);
    }
    expect((await list(null, 'kev=true')).items).toHaveLength(0);
    const kevFile = join(tmpdir(), `kev-advisories-${process.pid}.json`);
    writeFileSync(
      kevFile,
      JSON.stringify({
        title: 'CISA Catalog of Known Exploited Vulnerabilities',
        catalogVersion: '2099.01.01',
        dateReleased: '2099-01-01T00:00:00Z',
        count: 1,
        vulnerabilities: [
          {
            cveID: 'CVE-2024-34463',
            vendorProject: 'BPL',
            product: 'PWS-01-BT',
            vulnerabilityName: 'test',
            dateAdded: '2024-10-01',
            shortDescription: 'test',
            requiredAction: 'Apply updates.',
            dueDate: '2024-10-22',
            knownRansomwareCampaignUse: 'Unknown',
            notes: '',
          },
        ],
      }),
    );
    await importVulnData(t.ctx, [kevFile]);
    const kev = await list(null, 'kev=true');
    expect(kev.items.map((a) => a.trackingId)).toEqual(['ICSMA-24-254-01']);
    expect(kev.items[0]!.kevCves).toEqual(['CVE-2024-34463']);
    expect((await anonymous(`/api/v1/advisories/${kev.items[0]!.id}`)).json().vulnerabilities[0].kev).toBe(true);

    const found = await list(null, 'q=infusion%20pump');
    expect(found.items.length).toBeGreaterThan(2);
    expect(found.items[0]!.highlight).toMatch(/«(infusion|pump)/i);
    expect((await list(null, 'q=CVE-2022-26390')).items.map((a) => a.trackingId)).toEqual(['ICSMA-22-251-01']);
    expect((await list(null, 'q=icsma-24-254-01')).items.map((a) => a.trackingId)).toEqual(['ICSMA-24-254-01']);
  });

  it('pages without gaps or repeats, listing and searching', async () => {
    for (const query of ['limit=7', 'limit=3&q=vulnerability']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Json[]; nextCursor: string | null } = await list(null, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor;
      } while (cursor);
      const all = await list(null, `${query.replace(/limit=\d+/, 'limit=200')}`);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(all.items.map((a) => a.id).sort());
    }
    const bad = await anonymous('/api/v1/advisories?cursor=bm9wZQ');
    expect(bad.statusCode).toBe(400);
    expect((await anonymous('/api/v1/advisories?cve=log4j')).statusCode).toBe(400);
    expect((await anonymous('/api/v1/advisories?from=2024-13-01')).statusCode).toBe(400);
  });
});

describe('possible matches to registered products', () => {
  const matchesOf = async (c: Client, productId: string) => {
    const res = await c.request('GET', `/api/v1/products/${productId}/advisory-matches`);
    return res;
  };

  it('an advisory naming the manufacturer and product is a possible match of the versions in its range', async () => {
    const res = await matchesOf(maker, bpl.productId);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Json[];
    expect(items.map((m) => [m.advisoryTrackingId, m.version, m.versionVerdict, m.state])).toEqual([
      ['ICSMA-24-254-01', '3.50', 'in_range', 'possible'],
    ]);
    expect(items[0]!.csafProducts).toEqual([
      { productId: 'CSAFPID-0001', name: 'BPL Medical Technologies Be Well Android Application: <=3.64', versionText: '<=3.64' },
    ]);
    const advisory = (await maker.request('GET', `/api/v1/advisories/${items[0]!.advisoryId}`)).json();
    expect(advisory.myMatches.map((m: Json) => m.version)).toEqual(['3.50']);
  });

  it('a product registered after the import is matched when its version is added', async () => {
    const pws = await product(maker, 'PWS-01-BT', ['1.0']);
    const items = (await matchesOf(maker, pws.productId)).json().items as Json[];
    expect(items.map((m) => [m.advisoryTrackingId, m.versionVerdict])).toEqual([['ICSMA-24-254-01', 'all_versions']]);
  });

  it('only the manufacturer sees its matches; only those who manage the product decide them, audited', async () => {
    const advisoryId = await idOf('ICSMA-24-254-01');
    for (const c of [hospital, otherMaker]) {
      expect((await matchesOf(c, bpl.productId)).statusCode).toBe(404);
      expect((await c.request('GET', `/api/v1/advisories/${advisoryId}`)).json().myMatches).toEqual([]);
      const res = await c.request('PUT', `/api/v1/advisories/${advisoryId}/matches/${bpl.inRange}`, { state: 'dismissed' });
      expect(res.statusCode).toBe(404);
    }
    expect((await anonymous(`/api/v1/products/${bpl.productId}/advisory-matches`)).statusCode).toBe(401);
    expect(
      (await makerReader.request('PUT', `/api/v1/advisories/${advisoryId}/matches/${bpl.inRange}`, { state: 'confirmed' })).statusCode,
    ).toBe(403);
    const res = await maker.request('PUT', `/api/v1/advisories/${advisoryId}/matches/${bpl.inRange}`, {
      state: 'confirmed',
      note: 'The app stores readings in plain text: fixed in 3.65.',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'confirmed', note: 'The app stores readings in plain text: fixed in 3.65.' });
    expect(res.json().decidedBy).toBeTruthy();
    const [audit] = await t.db.query<{ detail: Json }>(
      "SELECT detail FROM audit_events WHERE action = 'advisory_match.decided' ORDER BY seq DESC LIMIT 1",
    );
    expect(audit!.detail).toMatchObject({ advisoryId, from: 'possible', to: 'confirmed' });
    expect(
      (await maker.request('PUT', `/api/v1/advisories/${advisoryId}/matches/${bpl.outOfRange}`, { state: 'confirmed' })).statusCode,
    ).toBe(404);
  });

  it('a newer revision keeps the decision; a revision that no longer names the product retires the match', async () => {
    const original = parsed('icsma-24-254-01.json');
    const newer = structuredClone(original);
    newer.document.tracking.version = '2';
    newer.document.tracking.current_release_date = '2024-10-01T00:00:00.000Z';
    newer.document.tracking.revision_history.push({ date: '2024-10-01T00:00:00.000Z', number: '2', summary: 'Update A' });
    expect((await upload(coordinator, JSON.stringify(newer))).json().outcome).toBe('updated');
    let items = (await matchesOf(maker, bpl.productId)).json().items as Json[];
    expect(items.map((m) => [m.version, m.state])).toEqual([['3.50', 'confirmed']]);

    const without = structuredClone(newer);
    without.document.tracking.version = '3';
    without.document.tracking.current_release_date = '2024-11-01T00:00:00.000Z';
    without.document.tracking.revision_history.push({ date: '2024-11-01T00:00:00.000Z', number: '3', summary: 'Update B' });
    const vendor = without.product_tree.branches[0];
    vendor.branches = vendor.branches.filter((b: Json) => b.name !== 'Be Well Android Application');
    for (const v of without.vulnerabilities) {
      v.product_status.known_affected = ['CSAFPID-0002'];
      for (const r of v.remediations) r.product_ids = ['CSAFPID-0002'];
      for (const s of v.scores) s.products = ['CSAFPID-0002'];
    }
    const res = await upload(coordinator, JSON.stringify(without));
    expect(res.statusCode, res.body).toBe(201);
    items = (await matchesOf(maker, bpl.productId)).json().items as Json[];
    expect(items).toEqual([]);
  });
});
