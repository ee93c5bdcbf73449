import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVulnData } from '../../src/modules/portfolio/index.ts';
import { validateCsaf } from '../../src/modules/vex/index.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';
import { type FindingItem, deviceSbom, findingsOf, importFile, productVersion, writeVexVulnData } from '../support/vex-world.ts';

let t: TestApp;
let maker: Client;
let reader: Client;
let hospital: Client;
let rival: Client;
let pump: { productId: string; versionId: string; sbomId: string };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  t = await createTestApp();
  const m = await makeOrg(t.db, 'manufacturer', { name: 'Acme Infusion' });
  maker = await signInClient(t.app, (await makePerson(t.db, m.id, ['analyst'])).email, TEST_PASSWORD);
  reader = await signInClient(t.app, (await makePerson(t.db, m.id, ['read_only'])).email, TEST_PASSWORD);
  hospital = await signInClient(t.app, (await makePerson(t.db, (await makeOrg(t.db, 'hdo')).id, ['org_admin'])).email, TEST_PASSWORD);
  rival = await signInClient(t.app, (await makePerson(t.db, (await makeOrg(t.db, 'manufacturer')).id, ['analyst'])).email, TEST_PASSWORD);
  await importVulnData(t.ctx, [writeVexVulnData(), join(import.meta.dirname, '../fixtures/vulndb/ghsa')]);
  pump = await productVersion(maker, 'VitaFlow pump', '7.1.3', deviceSbom('vitaflow-firmware', '7.1.3'));
});
afterAll(async () => t?.close());

const exported = (c: Client, versionId: string, format: string) =>
  c.request('GET', `/api/v1/product-versions/${versionId}/vex?format=${format}`);
const decide = async (f: FindingItem, body: Json) => {
  const res = await maker.request('PATCH', `/api/v1/findings/${f.id}`, body);
  expect(res.statusCode, res.body).toBe(200);
};
/** Decisions in every state, on distinct findings of the pump. */
async function decideEveryState() {
  const f = await findingsOf(maker, pump.sbomId);
  await decide(f.get('CVE-2021-44228 log4j-core')!, { state: 'in_triage', detail: 'Looking at the JNDI lookups.' });
  await decide(f.get('CVE-2021-45105 log4j-core')!, {
    state: 'exploitable',
    responses: ['update', 'workaround_available'],
    detail: 'Update to 7.1.4; meanwhile block the service port.',
  });
  await decide(f.get('CVE-2020-36518 jackson-databind')!, {
    state: 'not_affected',
    justification: 'code_not_reachable',
    detail: 'The pump never deserialises untrusted JSON.',
  });
  await decide(f.get('CVE-2020-11896 Treck TCP/IP')!, { state: 'false_positive', detail: 'The pump uses the Linux stack.' });
  await decide(f.get('CVE-2020-11897 Treck TCP/IP')!, { state: 'resolved', detail: 'Patched in this release.' });
  await decide(f.get('CVE-2020-11898 Treck TCP/IP')!, { state: 'resolved_with_pedigree', detail: 'Patched; see the pedigree.' });
  await decide(f.get('CVE-2020-11899 Treck TCP/IP')!, {
    state: 'not_affected',
    justification: 'requires_environment',
    detail: 'IPv6 is off on the device.',
  });
  return findingsOf(maker, pump.sbomId);
}

describe('VEX export', () => {
  it('downloads the statements in three formats after decisions in every state; the CSAF passes the mandatory tests', async () => {
    const decided = await decideEveryState();
    const cdx = await exported(maker, pump.versionId, 'cyclonedx');
    expect(cdx.statusCode, cdx.body).toBe(200);
    expect(cdx.headers['content-type']).toMatch(/^application\/vnd\.cyclonedx\+json; version="?1\.5"?/);
    expect(cdx.headers['content-disposition']).toBe('attachment; filename="vitaflow-pump-7.1.3.vex.cdx.json"');
    const states = cdx.json().vulnerabilities.map((v: Json) => v.analysis.state);
    expect(states).toHaveLength(decided.size);
    expect(new Set(states)).toEqual(
      new Set(['in_triage', 'exploitable', 'not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree']),
    );
    expect(cdx.json().metadata.component).toMatchObject({ name: 'VitaFlow pump', version: '7.1.3', supplier: { name: 'Acme Infusion' } });

    const ov = await exported(maker, pump.versionId, 'openvex');
    expect(ov.headers['content-disposition']).toBe('attachment; filename="vitaflow-pump-7.1.3.openvex.json"');
    expect(new Set(ov.json().statements.map((s: Json) => s.status))).toEqual(
      new Set(['under_investigation', 'affected', 'not_affected', 'fixed']),
    );

    // Each export is audited: who, which version, which format.
    const audited = await t.db.query<{ target_id: string; detail: Json }>(
      "SELECT target_id, detail FROM audit_events WHERE action = 'vex.exported' ORDER BY seq",
    );
    expect(audited.map((a) => [a.target_id, a.detail.format])).toEqual([
      [pump.versionId, 'cyclonedx'],
      [pump.versionId, 'openvex'],
    ]);

    const csaf = await exported(maker, pump.versionId, 'csaf');
    expect(csaf.statusCode).toBe(200);
    const tracking = csaf.json().document.tracking;
    expect(csaf.headers['content-disposition']).toBe(
      `attachment; filename="${tracking.id.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json"`,
    );
    const validation = await validateCsaf(csaf.json());
    expect(validation.errors).toEqual([]);
    expect(validation.isValid).toBe(true);
  }, 60_000);

  it('leaves closed findings out, and refuses versions without an SBOM (and CSAF without findings) with 409', async () => {
    const f = await findingsOf(maker, pump.sbomId);
    const closed = f.get('CVE-2020-11914 Treck TCP/IP')!;
    await t.db.query("UPDATE findings SET status = 'closed' WHERE id = $1", [closed.id]);
    const ids = (await exported(maker, pump.versionId, 'cyclonedx')).json().vulnerabilities.map((v: Json) => v.id);
    expect(ids).not.toContain('CVE-2020-11914');
    expect(ids).toHaveLength(f.size - 1);
    await t.db.query("UPDATE findings SET status = 'open' WHERE id = $1", [closed.id]);
    const bare = await maker.request('POST', `/api/v1/products/${pump.productId}/versions`, { version: '8.0' });
    const v8 = bare.json().versions.find((v: Json) => v.version === '8.0').id;
    expect((await exported(maker, v8, 'cyclonedx')).statusCode).toBe(409);
    expect((await importFile(maker, v8, '{}')).statusCode).toBe(409);
    const clean = await productVersion(maker, 'Clean pump', '1.0', deviceSbom('clean', '1.0', { components: [] }));
    expect((await exported(maker, clean.versionId, 'openvex')).json().statements).toEqual([]);
    expect((await exported(maker, clean.versionId, 'csaf')).statusCode).toBe(409);
  });

  it('is for the manufacturer’s own people: 404 when the product is hidden, 403 when shared; import needs write access', async () => {
    expect((await exported(hospital, pump.versionId, 'cyclonedx')).statusCode).toBe(404);
    expect((await exported(rival, pump.versionId, 'cyclonedx')).statusCode).toBe(404);
    expect((await importFile(rival, pump.versionId, '{}')).statusCode).toBe(404);
    await maker.request('PATCH', `/api/v1/products/${pump.productId}`, { visibility: 'members' });
    expect((await exported(hospital, pump.versionId, 'cyclonedx')).statusCode).toBe(403);
    expect((await importFile(rival, pump.versionId, '{}')).statusCode).toBe(403);
    expect((await exported(reader, pump.versionId, 'csaf')).statusCode).toBe(200);
    expect((await importFile(reader, pump.versionId, '{}')).statusCode).toBe(403);
    await maker.request('PATCH', `/api/v1/products/${pump.productId}`, { visibility: 'own_org' });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/product-versions/${pump.versionId}/vex` })).statusCode).toBe(401);
    expect((await exported(maker, pump.versionId, 'spdx')).statusCode).toBe(400);
  });
});

describe('VEX import', () => {
  // OpenVEX and CSAF cannot say false_positive, resolved_with_pedigree or requires_environment (see vex-mapping.ts).
  const lossy: Record<string, Record<string, string | null>> = {
    openvex: { false_positive: 'not_affected', resolved_with_pedigree: 'resolved', requires_environment: 'requires_configuration' },
    csaf: { false_positive: 'not_affected', resolved_with_pedigree: 'resolved', requires_environment: 'requires_configuration' },
  };
  for (const format of ['cyclonedx', 'openvex', 'csaf']) {
    it(`round trip through ${format}: export, reset every finding, import, the same decisions (as far as the format says them)`, async () => {
      const before = await decideEveryState();
      const file = (await exported(maker, pump.versionId, format)).rawPayload;
      for (const f of before.values()) await decide(f, { state: 'in_triage', detail: 'Reset for the round trip.' });
      t.clock.advance(60_000);
      const res = await importFile(maker, pump.versionId, file);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().counts).toMatchObject({ statements: before.size, applied: before.size, unsupported: 0 });
      const after = await findingsOf(maker, pump.sbomId);
      const map = lossy[format] ?? {};
      for (const [key, f] of before) {
        const g = after.get(key)!;
        const justification = f.state === 'false_positive' && map.false_positive ? 'code_not_present' : f.justification;
        expect({ state: g.state, justification: g.justification }, key).toEqual({
          state: map[f.state] ?? f.state,
          justification: justification ? (map[justification] ?? justification) : null,
        });
        // Undecided findings have no words of their own: the import says where the decision came from.
        expect(g.detail, key).toEqual(f.detail ?? expect.stringMatching(/^Imported from (CycloneDX|OpenVEX|CSAF) VEX \S/));
        if (format !== 'openvex') expect(g.responses.sort(), key).toEqual([...f.responses].sort());
      }
      const history = await maker.request('GET', `/api/v1/findings/${before.get('CVE-2021-45105 log4j-core')!.id}/history`);
      expect(history.json().items.at(-1)).toMatchObject({ kind: 'finding.state', toState: 'exploitable', actorName: expect.any(String) });
    }, 60_000);
  }

  it('records each decision as the finding panel does: an event and an audit record per finding, one summary record', async () => {
    const f = (await findingsOf(maker, pump.sbomId)).get('CVE-2020-36518 jackson-databind')!;
    await decide(f, { state: 'in_triage', detail: 'Again.' });
    const audits = async () =>
      (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE action = 'finding.vex_decided'"))[0]!.n;
    const n = await audits();
    const doc = {
      bomFormat: 'CycloneDX',
      specVersion: '1.4',
      vulnerabilities: [
        {
          id: 'GHSA-57j2-w4cx-62h2',
          analysis: { state: 'exploitable' },
          affects: [{ ref: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10' }],
        },
      ],
    };
    const res = await importFile(maker, pump.versionId, JSON.stringify(doc));
    expect(res.json()).toMatchObject({ format: 'cyclonedx', documentId: null, counts: { applied: 1, findingsChanged: 1 } });
    expect(await audits()).toBe(n + 1);
    const after = (await findingsOf(maker, pump.sbomId)).get('CVE-2020-36518 jackson-databind')!;
    expect(after).toMatchObject({ state: 'exploitable', detail: 'Imported from CycloneDX VEX vex.json' });
    const [summary] = await t.db.query<{ detail: Json }>(
      "SELECT detail FROM audit_events WHERE action = 'vex.imported' ORDER BY seq DESC LIMIT 1",
    );
    expect(summary!.detail).toMatchObject({ format: 'cyclonedx', applied: 1, findingsChanged: 1 });
    // The same file again changes nothing.
    expect((await importFile(maker, pump.versionId, JSON.stringify(doc))).json().counts.findingsChanged).toBe(0);
    expect(await audits()).toBe(n + 1);
  });

  it('refuses bad documents with a typed 4xx naming the place, and applies nothing', async () => {
    const snapshot = async () =>
      JSON.stringify(await t.db.query('SELECT id, state, justification, detail FROM findings ORDER BY id')) +
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM finding_events'))[0]!.n;
    const before = await snapshot();
    const openvex = (statements: unknown) => JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'urn:x', statements });
    const cases: [string, string | Buffer, number, string | null][] = [
      ['not JSON', 'log4j: not affected', 422, '(document)'],
      ['XXE', '<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom>&x;</bom>', 422, null],
      [
        'wrong types',
        openvex([{ vulnerability: { name: 'CVE-2021-44228' }, products: 'pump', status: 'fixed' }]),
        422,
        'statements[0].products',
      ],
      ['unknown format', JSON.stringify({ advisory: 'CVE-2021-44228' }), 422, '(document)'],
      [
        'a statement for another product',
        openvex([{ vulnerability: { name: 'CVE-2021-44228' }, products: [{ '@id': 'pkg:generic/acme/other-pump@1.0' }], status: 'fixed' }]),
        422,
        'statements[0]',
      ],
      [
        'one good statement, then a bad one',
        openvex([
          {
            vulnerability: { name: 'CVE-2021-44228' },
            products: [{ '@id': 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }],
            status: 'fixed',
          },
          { vulnerability: { name: 'CVE-2021-45105' }, products: ['x'], status: 'bogus' },
        ]),
        422,
        'statements[1].status',
      ],
      ['empty', '', 422, null],
    ];
    for (const [label, body, status, place] of cases) {
      const res = await importFile(maker, pump.versionId, body);
      expect(res.statusCode, `${label}: ${res.body}`).toBe(status);
      expect(res.json().error.code, label).toBe('vex_invalid');
      if (place) expect(res.json().error.details.place, label).toBe(place);
    }
    expect((await maker.request('POST', `/api/v1/product-versions/${pump.versionId}/vex`, { statements: [] })).statusCode).toBe(415);
    expect(await snapshot()).toBe(before);
  });
});
