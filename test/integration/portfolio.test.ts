import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVulnData } from '../../src/modules/portfolio/index.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';

const fixtures = join(import.meta.dirname, '../fixtures');
const dropwizard = readFileSync(join(fixtures, 'scan/dropwizard-1.3.15.cdx.json'));
const ghsa = join(fixtures, 'vulndb/ghsa');

let t: TestApp;
let maker: Client;
let makerReader: Client;
let hospital: Client;
let manufacturerId: string;
beforeAll(async () => {
  t = await createTestApp();
  const m = await makeOrg(t.db, 'manufacturer');
  manufacturerId = m.id;
  const h = await makeOrg(t.db, 'hdo');
  maker = await signInClient(t.app, (await makePerson(t.db, m.id, ['analyst'])).email, TEST_PASSWORD);
  makerReader = await signInClient(t.app, (await makePerson(t.db, m.id, ['read_only'])).email, TEST_PASSWORD);
  hospital = await signInClient(t.app, (await makePerson(t.db, h.id, ['org_admin'])).email, TEST_PASSWORD);
});
afterAll(async () => t.close());

const upload = (c: Client, versionId: string, body: Buffer | string, type = 'application/octet-stream') =>
  c.request('PUT', `/api/v1/product-versions/${versionId}/sbom?fileName=bom.json`, body, { 'content-type': type });

async function productWithVersion(name: string, visibility = 'own_org') {
  const p = await maker.request('POST', '/api/v1/products', { name, model: 'DW-1', udiDi: '(01)00812345678901', visibility });
  expect(p.statusCode).toBe(201);
  const v = await maker.request('POST', `/api/v1/products/${p.json().id}/versions`, { version: '1.3.15', releaseDate: '2019-09-01' });
  expect(v.statusCode).toBe(201);
  return { productId: p.json().id as string, versionId: v.json().versions[0].id as string };
}

describe('portfolio: products, SBOM upload, findings and VEX', () => {
  it('registers products for manufacturers only, and keeps names unique per organisation', async () => {
    expect((await hospital.request('POST', '/api/v1/products', { name: 'Not ours' })).statusCode).toBe(403);
    expect((await makerReader.request('POST', '/api/v1/products', { name: 'Read only' })).statusCode).toBe(403);
    await productWithVersion('Infusion gateway');
    const again = await maker.request('POST', '/api/v1/products', { name: 'infusion GATEWAY' });
    expect(again.statusCode).toBe(409);
    expect((await maker.request('POST', '/api/v1/products', { name: 'x', udiDi: '<script>' })).statusCode).toBe(400);
  });

  it('stores an SBOM with its quality report and pages its components in the database', async () => {
    const { productId, versionId } = await productWithVersion('Dropwizard appliance');
    const res = await upload(maker, versionId, dropwizard);
    expect(res.statusCode).toBe(201);
    const sbom = res.json();
    expect(sbom).toMatchObject({
      productId,
      format: 'cyclonedx',
      specVersion: '1.2',
      encoding: 'json',
      componentCount: 167,
      duplicate: false,
      isCurrent: true,
    });
    expect(sbom.quality.componentCount).toBe(167);
    expect(sbom.quality.elements.name.percent).toBe(100);
    expect(sbom.findings).toEqual({ open: 0, kev: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, none: 0, unrated: 0 } });
    const page = (await maker.request('GET', `/api/v1/sboms/${sbom.id}/components?limit=10&offset=0&sort=name`)).json();
    expect(page.total).toBe(167);
    expect(page.items).toHaveLength(10);
    const names = page.items.map((c: { name: string }) => c.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const search = (await maker.request('GET', `/api/v1/sboms/${sbom.id}/components?q=jackson-databind`)).json();
    expect(search.items.map((c: { purl: string }) => c.purl)).toEqual([
      'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10?type=jar',
    ]);
    const dup = await upload(maker, versionId, dropwizard);
    expect(dup.statusCode).toBe(201);
    expect(dup.json()).toMatchObject({ id: sbom.id, duplicate: true });
  });

  it('stores an SBOM without components (nothing to copy or match)', async () => {
    const { versionId } = await productWithVersion('Empty bill');
    const res = await upload(maker, versionId, JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [] }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ componentCount: 0, findings: { open: 0, kev: 0 } });
  });

  it('stores a file uploaded twice at once only once, and answers both', async () => {
    const { versionId } = await productWithVersion('Twice at once');
    const bom = Buffer.from(
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [{ type: 'library', name: 'twice', version: '1.0.0' }] }),
    );
    const answers = await Promise.all([upload(maker, versionId, bom), upload(maker, versionId, bom), upload(maker, versionId, bom)]);
    for (const a of answers) expect(a.statusCode, a.body).toBe(201);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.filter((a) => a.json().duplicate === false)).toHaveLength(1);
    expect(await t.db.query('SELECT 1 FROM sboms WHERE product_version_id = $1', [versionId])).toHaveLength(1);
  });

  it('answers bad uploads with a typed 4xx naming the place, and stores nothing', async () => {
    const { productId, versionId } = await productWithVersion('Bad uploads');
    const broken = await upload(maker, versionId, '{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"version":"1"}]}');
    expect(broken.statusCode).toBe(422);
    expect(broken.json().error.code).toBe('sbom_invalid');
    expect(broken.json().error.message).toMatch(/components\[0\]/);
    expect(
      (await upload(maker, versionId, '<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom/>')).statusCode,
    ).toBe(422);
    for (const bom of [
      { components: [{ type: 'library', name: 'nul\u0000name', version: '1' }] },
      { metadata: { component: { type: 'device', name: 'pump\u0000' } }, components: [{ type: 'library', name: 'ok', version: '1' }] },
    ]) {
      const nul = await upload(maker, versionId, JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', ...bom }));
      expect(nul.statusCode, nul.body).toBe(422);
      expect(nul.json().error).toMatchObject({ code: 'sbom_invalid', message: expect.stringMatching(/NUL/) });
    }
    const asJson = await maker.request('PUT', `/api/v1/product-versions/${versionId}/sbom`, { bomFormat: 'CycloneDX' });
    expect(asJson.statusCode).toBe(415);
    expect((await upload(hospital, versionId, dropwizard)).statusCode).toBe(404);
    expect((await upload(makerReader, versionId, dropwizard)).statusCode).toBe(403);
    expect((await maker.request('GET', `/api/v1/products/${productId}`)).json().versions[0].sbom).toBeNull();
  });

  it('finds jackson-databind when advisories arrive (incrementally), not commons-text 1.2, and records VEX with history', async () => {
    const { versionId } = await productWithVersion('Matching appliance');
    const sbomId = (await upload(maker, versionId, dropwizard)).json().id as string;
    const imported = await importVulnData(t.ctx, [ghsa]);
    expect(imported.stored).toEqual({ added: 3, replaced: 0 });
    expect(imported.findingsOpened).toBeGreaterThanOrEqual(1);
    const list = (await maker.request('GET', `/api/v1/sboms/${sbomId}/findings`)).json();
    expect(
      list.items.map((f: { component: { name: string }; vulnerability: { id: string } }) => `${f.component.name} ${f.vulnerability.id}`),
    ).toEqual(['jackson-databind GHSA-57j2-w4cx-62h2']);
    const finding = list.items[0];
    expect(finding).toMatchObject({ state: 'in_triage', status: 'open', kev: false, matchedBy: 'purl', severity: { level: 'high' } });

    const again = await importVulnData(t.ctx, [ghsa]);
    expect(again.stored).toEqual({ added: 0, replaced: 0 });
    expect(again.findingsOpened).toBe(0);

    const noJustification = await maker.request('PATCH', `/api/v1/findings/${finding.id}`, {
      state: 'not_affected',
      detail: 'We never deserialise untrusted JSON.',
    });
    expect(noJustification.statusCode).toBe(400);
    expect((await makerReader.request('PATCH', `/api/v1/findings/${finding.id}`, { state: 'exploitable', detail: 'x' })).statusCode).toBe(
      403,
    );
    expect((await hospital.request('PATCH', `/api/v1/findings/${finding.id}`, { state: 'exploitable', detail: 'x' })).statusCode).toBe(404);
    const decided = await maker.request('PATCH', `/api/v1/findings/${finding.id}`, {
      state: 'not_affected',
      justification: 'code_not_reachable',
      detail: 'Polymorphic typing is disabled in the device configuration.',
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ state: 'not_affected', justification: 'code_not_reachable' });
    const history = (await maker.request('GET', `/api/v1/findings/${finding.id}/history`)).json().items;
    expect(history.map((h: { kind: string }) => h.kind)).toEqual(['finding.opened', 'finding.state']);
    expect(history[1]).toMatchObject({ fromState: 'in_triage', toState: 'not_affected', justification: 'code_not_reachable' });
    const counts = (await maker.request('GET', `/api/v1/sboms/${sbomId}`)).json().findings;
    expect(counts.open).toBe(0);

    // A withdrawn advisory closes its finding on the next import.
    const dir = mkdtempSync(join(tmpdir(), 'isao-withdrawn-'));
    const record = JSON.parse(readFileSync(join(ghsa, 'GHSA-57j2-w4cx-62h2.json'), 'utf8'));
    writeFileSync(join(dir, 'w.json'), JSON.stringify({ ...record, modified: '2030-01-01T00:00:00Z', withdrawn: '2030-01-01T00:00:00Z' }));
    const withdrawn = await importVulnData(t.ctx, [dir]);
    // Every current SBOM with jackson-databind 2.9.10 had it (this file uploads dropwizard more than once).
    expect(withdrawn.findingsClosed).toBeGreaterThanOrEqual(1);
    expect((await maker.request('GET', `/api/v1/sboms/${sbomId}/findings?status=closed`)).json().items[0]).toMatchObject({
      status: 'closed',
      state: 'not_affected',
    });
  });

  it('keeps products and findings inside the manufacturer unless it shares the product', async () => {
    const own = await productWithVersion('Private pump');
    const shared = await productWithVersion('Shared monitor', 'members');
    const open = await productWithVersion('Public dialysis', 'public');
    const sbomId = (await upload(maker, shared.versionId, dropwizard)).json().id as string;
    expect((await hospital.request('GET', `/api/v1/products/${own.productId}`)).statusCode).toBe(404);
    const seen = await hospital.request('GET', `/api/v1/products/${shared.productId}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().versions[0].findings).toBeNull();
    expect(seen.json().canManage).toBe(false);
    expect((await hospital.request('GET', `/api/v1/sboms/${sbomId}`)).json().findings).toBeNull();
    expect((await hospital.request('GET', `/api/v1/sboms/${sbomId}/findings`)).statusCode).toBe(403);
    expect((await hospital.request('GET', `/api/v1/sboms/${sbomId}/components`)).statusCode).toBe(200);
    const list = (await hospital.request('GET', '/api/v1/products')).json().items.map((p: { name: string }) => p.name);
    expect(list).toContain('Shared monitor');
    expect(list).not.toContain('Private pump');
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/products' });
    expect(anonymous.json().items.map((p: { name: string }) => p.name)).toEqual(['Public dialysis']);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/products/${open.productId}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/sboms/${sbomId}` })).statusCode).toBe(404);
    expect(manufacturerId).toBeTruthy();
  });

  it('reports what vulnerability data is loaded', async () => {
    const status = (await hospital.request('GET', '/api/v1/vulndb/status')).json();
    expect(status.records).toBeGreaterThanOrEqual(3);
    expect(status.byFeed.osv).toBeGreaterThanOrEqual(3);
    expect(status.lastImports[0].files).toBeGreaterThanOrEqual(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/vulndb/status' })).statusCode).toBe(401);
  });
});
