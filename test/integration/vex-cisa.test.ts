import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVulnData } from '../../src/modules/portfolio/index.ts';
import { TEST_PASSWORD, makeOrg, makePerson } from '../support/factories.ts';
import { type Client, type TestApp, createTestApp, signInClient } from '../support/test-app.ts';
import { RIPPLE20, deviceSbom, findingsOf, importFile, productVersion, writeVexVulnData } from '../support/vex-world.ts';

// The CISA VEX use cases in CycloneDX (test/fixtures/vex, from CycloneDX/bom-examples), imported for devices whose
// SBOMs have the components the cases speak of: each behaves as its README states.

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/vex', name));
const CASE7_ABC_SERIAL = 'cbb2cd68-2857-43b8-a10b-e8c03d277d18';

let t: TestApp;
let maker: Client;
beforeAll(async () => {
  t = await createTestApp();
  const m = await makeOrg(t.db, 'manufacturer', { name: 'Example Company' });
  maker = await signInClient(t.app, (await makePerson(t.db, m.id, ['analyst'])).email, TEST_PASSWORD);
  await importVulnData(t.ctx, [writeVexVulnData()]);
});
afterAll(async () => t?.close());

interface Outcome {
  outcome: string;
  findings: number;
  state: string | null;
  reason: string | null;
}
const imported = async (versionId: string, file: string) => {
  const res = await importFile(maker, versionId, fixture(file));
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ format: string; counts: Record<string, number>; items: Outcome[] }>();
};

describe('CISA VEX use cases (CycloneDX)', () => {
  it('case 1: one file per status, Log4j CVE-2021-44228 on four product versions', async () => {
    const cases = [
      [
        'ABC',
        '4.2',
        'cisa-case-1-vex-not_affected.json',
        { state: 'not_affected', justification: 'code_not_present', responses: ['will_not_fix'] },
      ],
      ['DEF', '1.0', 'cisa-case-1-vex-affected.json', { state: 'exploitable', justification: null, responses: ['will_not_fix', 'update'] }],
      ['DEF', '1.1', 'cisa-case-1-vex-fixed.json', { state: 'resolved', justification: null, responses: [] }],
      ['GHI', '17.4', 'cisa-case-1-vex-under_investigation.json', { state: 'in_triage', justification: null, responses: [] }],
    ] as const;
    const ids = new Map<string, string>();
    for (const [name, version, file, want] of cases) {
      const pv = await productVersion(maker, `Case 1 ${name}`, version, deviceSbom(name, version), ids.get(name));
      ids.set(name, pv.productId);
      // The product is registered as "Case 1 ABC"; the SBOM names it "ABC", as the VEX does.
      const result = await imported(pv.versionId, file);
      expect(result.items).toEqual([{ ...result.items[0], outcome: 'applied', findings: 1, state: want.state }]);
      const finding = (await findingsOf(maker, pv.sbomId)).get('CVE-2021-44228 log4j-core')!;
      expect({ state: finding.state, justification: finding.justification, responses: finding.responses }).toEqual(want);
      expect(finding.detail).toContain(`Product ${name}`);
      // Other findings of the device are left alone.
      expect((await findingsOf(maker, pv.sbomId)).get('CVE-2021-45105 log4j-core')!.state).toBe('in_triage');
    }
    // A file about DEF 1.0 is no statement about ABC 4.2 (nor about DEF 1.1).
    const abc = await productVersion(maker, 'Case 1 ABC', '4.3', deviceSbom('ABC', '4.3'), ids.get('ABC'));
    for (const [versionId, file] of [
      [abc.versionId, 'cisa-case-1-vex-affected.json'],
      [abc.versionId, 'cisa-case-1-vex-not_affected.json'],
    ] as const) {
      const res = await importFile(maker, versionId, fixture(file));
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'vex_invalid', details: { place: 'vulnerabilities[0]' } });
      expect(res.json().error.message).toMatch(
        /not about Case 1 ABC 4\.3: The statement names (another product, DEF 1\.0|other versions of ABC 4\.2)/,
      );
    }
    expect([...(await findingsOf(maker, abc.sbomId)).values()].every((f) => f.state === 'in_triage')).toBe(true);
  });

  it('case 2: ABC 4.2 is not affected by any of the 19 Ripple20 vulnerabilities', async () => {
    const pv = await productVersion(maker, 'ABC', '4.2', deviceSbom('ABC', '4.2'));
    const before = await findingsOf(maker, pv.sbomId);
    expect(RIPPLE20.every((cve) => before.has(`${cve} Treck TCP/IP`))).toBe(true);
    const result = await imported(pv.versionId, 'cisa-case-2-vex.json');
    expect(result.counts).toMatchObject({ statements: 19, applied: 19, findingsChanged: 19 });
    const after = await findingsOf(maker, pv.sbomId);
    for (const cve of RIPPLE20) expect(after.get(`${cve} Treck TCP/IP`)!.state, cve).toBe('not_affected');
    expect(after.get('CVE-2021-44228 log4j-core')!.state).toBe('in_triage');
  });

  it('case 3: GHI 17.4 has every status among the Ripple20 vulnerabilities, as the README lists them', async () => {
    const pv = await productVersion(maker, 'GHI', '17.4', deviceSbom('GHI', '17.4'));
    await imported(pv.versionId, 'cisa-case-3-vex.json');
    const after = await findingsOf(maker, pv.sbomId);
    const expected: Record<string, number[]> = {
      not_affected: [11897, 11902, 11899, 11905, 11906, 11913],
      exploitable: [11898, 11907, 11909, 11910, 11911],
      in_triage: [11896, 11900, 11904, 11903, 11908],
      resolved: [11901, 11912, 11914],
    };
    for (const [state, numbers] of Object.entries(expected))
      for (const n of numbers) expect(after.get(`CVE-2020-${n} Treck TCP/IP`)!.state, `CVE-2020-${n}`).toBe(state);
  });

  it('case 5: every version of XYZ is under investigation for Log4j', async () => {
    const pv = await productVersion(maker, 'XYZ', '3.0', deviceSbom('XYZ', '3.0', { components: ['log4j'] }));
    await maker.request('PATCH', `/api/v1/findings/${(await findingsOf(maker, pv.sbomId)).get('CVE-2021-44228 log4j-core')!.id}`, {
      state: 'exploitable',
      detail: 'First look.',
    });
    const result = await imported(pv.versionId, 'cisa-case-5-vex.json');
    expect(result.items.map((i) => i.outcome)).toEqual(['applied']);
    expect((await findingsOf(maker, pv.sbomId)).get('CVE-2021-44228 log4j-core')!.state).toBe('in_triage');
  });

  it('case 6: the statement whose versions include this version applies; the other names other versions', async () => {
    const v42 = await productVersion(maker, 'ABC six', '4.2', deviceSbom('ABC', '4.2', { components: ['log4j'] }));
    const r42 = await imported(v42.versionId, 'cisa-case-6-vex.json');
    expect(r42.items.map((i) => [i.outcome, i.state])).toEqual([
      ['other_product', 'exploitable'],
      ['applied', 'not_affected'],
    ]);
    expect(r42.items[0]!.reason).toMatch(/other versions of ABC/);
    expect((await findingsOf(maker, v42.sbomId)).get('CVE-2021-44228 log4j-core')!.state).toBe('not_affected');
    // 3.0 is inside vers:generic/>=2.9|<=4.1: affected; 2.5 is listed as unaffected.
    const v30 = await productVersion(maker, 'ABC six', '3.0', deviceSbom('ABC', '3.0', { components: ['log4j'] }), v42.productId);
    expect((await imported(v30.versionId, 'cisa-case-6-vex.json')).items.map((i) => i.outcome)).toEqual(['applied', 'other_product']);
    expect((await findingsOf(maker, v30.sbomId)).get('CVE-2021-44228 log4j-core')!.state).toBe('exploitable');
    const v25 = await productVersion(maker, 'ABC six', '2.5', deviceSbom('ABC', '2.5', { components: ['log4j'] }), v42.productId);
    await imported(v25.versionId, 'cisa-case-6-vex.json');
    expect((await findingsOf(maker, v25.sbomId)).get('CVE-2021-44228 log4j-core')!.state).toBe('not_affected');
  });

  it('case 7: BOM-Links to this version’s SBOM apply; those to product JKL’s BOM are another product', async () => {
    const pv = await productVersion(
      maker,
      'ABC seven',
      '4.2',
      deviceSbom('ABC', '4.2', { serial: CASE7_ABC_SERIAL, components: ['log4j'] }),
    );
    const result = await imported(pv.versionId, 'cisa-case-7-vex.json');
    expect(result.items.map((i) => [i.outcome, i.state])).toEqual([
      ['other_product', 'exploitable'],
      ['applied', 'not_affected'],
      ['other_product', 'not_affected'],
      ['other_product', 'resolved'],
    ]);
    expect((await findingsOf(maker, pv.sbomId)).get('CVE-2021-44228 log4j-core')!.justification).toBe('code_not_present');
    // Without that serial number, no BOM-Link of the document points at this version: refused whole.
    const other = await productVersion(maker, 'ABC seven', '4.3', deviceSbom('ABC', '4.3', { components: ['log4j'] }), pv.productId);
    const res = await importFile(maker, other.versionId, fixture('cisa-case-7-vex.json'));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('vex_invalid');
  });

  it('the OASIS CSAF example of case 1: not affected, with its impact statement as the detail', async () => {
    const pv = await productVersion(maker, 'ABC csaf', '4.2', deviceSbom('ABC', '4.2', { components: ['log4j'] }));
    const result = await imported(pv.versionId, 'oasis-csaf-vex-2022-evd-uc-01-na-001.json');
    expect(result).toMatchObject({ format: 'csaf', counts: { applied: 1 } });
    const f = (await findingsOf(maker, pv.sbomId)).get('CVE-2021-44228 log4j-core')!;
    expect(f).toMatchObject({
      state: 'not_affected',
      justification: null,
      detail: 'Class with vulnerable code was removed before shipping.',
    });
  });
});
