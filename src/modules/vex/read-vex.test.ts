import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlacedError } from '../../shared/placed-error.ts';
import { readVex } from './read-vex.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../test/fixtures/vex', name));
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const openvex = (statements: unknown) => json({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'urn:x', author: 'A', statements });
const cdx = (vulnerabilities: unknown) => json({ bomFormat: 'CycloneDX', specVersion: '1.5', vulnerabilities });
const csaf = (extra: Record<string, unknown>, document: Record<string, unknown> = {}) =>
  json({ document: { category: 'csaf_vex', csaf_version: '2.0', tracking: { id: 'T-1' }, ...document }, ...extra });

describe('reading VEX documents', () => {
  it('CISA case 1 (CycloneDX): one statement on the product named by metadata.component', () => {
    const doc = readVex(fixture('cisa-case-1-vex-not_affected.json'));
    expect(doc).toMatchObject({ format: 'cyclonedx', documentId: null });
    expect(doc.statements).toEqual([
      {
        place: 'vulnerabilities[0]',
        vulnerability: 'CVE-2021-44228',
        ids: ['CVE-2021-44228'],
        state: 'not_affected',
        justification: 'code_not_present',
        responses: ['will_not_fix'],
        detail: expect.stringContaining('Class with vulnerable code was removed'),
        targets: [{ product: { label: 'ABC 4.2', name: 'ABC', version: '4.2' } }],
      },
    ]);
  });

  it('CISA case 6: the versions and vers ranges each statement covers', () => {
    const [affected, unaffected] = readVex(fixture('cisa-case-6-vex.json')).statements;
    expect(affected!.targets[0]!.product!.versions).toEqual([
      { ref: 'product-ABC', version: '2.4', status: 'affected' },
      { ref: 'product-ABC', version: '2.6', status: 'affected' },
      { ref: 'product-ABC', range: 'vers:generic/>=2.9|<=4.1', status: 'affected' },
    ]);
    expect(unaffected!.state).toBe('not_affected');
  });

  it('CISA case 7: BOM-Links into other BOMs name their serial number and ref', () => {
    const [first] = readVex(fixture('cisa-case-7-vex.json')).statements;
    expect(first!.targets.map((t) => t.component!.sbomRef)).toEqual([
      { serial: 'cbb2cd68-2857-43b8-a10b-e8c03d277d18', ref: 'product-ABC' },
      { serial: 'e4c3eedc-4978-470c-ad02-6ffff63738ff', ref: 'product-JKL' },
    ]);
  });

  it('CSAF (OASIS example of case 1): an impact statement stands in for the justification', () => {
    const doc = readVex(fixture('oasis-csaf-vex-2022-evd-uc-01-na-001.json'));
    expect(doc).toMatchObject({ format: 'csaf', documentId: '2022-EVD-UC-01-NA-001' });
    expect(doc.statements).toEqual([
      expect.objectContaining({
        place: 'vulnerabilities[0].product_status.known_not_affected[0]',
        state: 'not_affected',
        justification: null,
        detail: 'Class with vulnerable code was removed before shipping.',
        targets: [{ product: { label: 'Example Company ABC 4.2', name: 'ABC', version: '4.2' } }],
      }),
    ]);
  });

  it('CycloneDX XML: references as aliases, affects versions', () => {
    const xml = `<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
      <components><component type="library" bom-ref="lib"><name>log4j-core</name><version>2.14.1</version>
        <purl>pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1</purl></component></components>
      <vulnerabilities><vulnerability><id>CVE-2021-44228</id>
        <references><reference><id>GHSA-jfh8-c2jp-5v3q</id><source><name>GitHub</name></source></reference></references>
        <analysis><state>exploitable</state><responses><response>update</response></responses><detail>Update to 7.2.</detail></analysis>
        <affects><target><ref>lib</ref><versions><version><version>2.14.1</version><status>affected</status></version></versions></target></affects>
      </vulnerability></vulnerabilities></bom>`;
    const [s] = readVex(Buffer.from(xml)).statements;
    expect(s).toMatchObject({
      ids: ['CVE-2021-44228', 'GHSA-jfh8-c2jp-5v3q'],
      state: 'exploitable',
      responses: ['update'],
      detail: 'Update to 7.2.',
    });
    expect(s!.targets[0]!.component).toMatchObject({
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      versions: [{ version: '2.14.1' }],
    });
  });

  it('OpenVEX 0.0.x shapes: string vulnerability and products, statement-level subcomponents', () => {
    const doc = readVex(
      openvex([
        {
          vulnerability: 'CVE-2023-1',
          products: ['pkg:generic/acme/pump@1'],
          subcomponents: ['pkg:npm/a@1'],
          status: 'affected',
          action_statement: 'Update.',
        },
      ]),
    );
    expect(doc.statements[0]).toMatchObject({
      state: 'exploitable',
      detail: 'Update.',
      targets: [{ product: { purl: 'pkg:generic/acme/pump@1' }, component: { purl: 'pkg:npm/a@1' } }],
    });
  });

  it('reports what cannot be recorded instead of refusing the document', () => {
    const [noState, bare] = readVex(
      cdx([
        { id: 'CVE-1', affects: [{ ref: 'pkg:npm/a@1' }] },
        { id: 'CVE-2', analysis: { state: 'not_affected' }, affects: [{ ref: 'pkg:npm/a@1' }] },
      ]),
    ).statements;
    expect(noState).toMatchObject({ state: null, unsupported: expect.stringContaining('no analysis.state') });
    expect(bare).toMatchObject({ state: null, unsupported: expect.stringContaining('justification or an impact statement') });
  });

  const hostile: [string, Buffer, RegExp, string?][] = [
    ['not JSON', Buffer.from('CVE-2021-44228 is not_affected'), /neither JSON nor XML/],
    ['binary', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe]), /not UTF-8/],
    ['empty', Buffer.from('  \n'), /empty/],
    ['truncated JSON', Buffer.from('{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{'), /invalid JSON/],
    ['deep nesting', Buffer.from('['.repeat(200) + ']'.repeat(200)), /nests deeper/],
    [
      'XXE',
      Buffer.from(
        '<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom xmlns="http://cyclonedx.org/schema/bom/1.5">&x;</bom>',
      ),
      /DOCTYPE|entit/i,
    ],
    ['a JSON array', json([]), /expected a JSON object/, '(document)'],
    ['unknown format', json({ vulnerabilities: [] }), /unknown VEX format/, '(document)'],
    ['OpenVEX without statements', openvex(undefined), /statements array/, 'statements'],
    ['OpenVEX statements as an object', openvex({ a: 1 }), /expected an array/, 'statements'],
    ['OpenVEX no statement', openvex([]), /no VEX statement/, 'statements'],
    [
      'OpenVEX unknown status',
      openvex([{ vulnerability: { name: 'CVE-1' }, products: ['x'], status: 'fine' }]),
      /status/,
      'statements[0].status',
    ],
    [
      'OpenVEX products as an object',
      openvex([{ vulnerability: { name: 'CVE-1' }, products: { a: 1 }, status: 'fixed' }]),
      /array/,
      'statements[0].products',
    ],
    [
      'OpenVEX vulnerability a number',
      openvex([{ vulnerability: 7, products: ['x'], status: 'fixed' }]),
      /object/,
      'statements[0].vulnerability',
    ],
    [
      'OpenVEX unknown justification',
      openvex([{ vulnerability: { name: 'CVE-1' }, products: ['x'], status: 'not_affected', justification: 'trust_me' }]),
      /justification/,
      'statements[0].justification',
    ],
    [
      'CycloneDX unknown state',
      cdx([{ id: 'CVE-1', analysis: { state: 'meh' }, affects: [{ ref: 'a' }] }]),
      /analysis state/,
      'vulnerabilities[0].analysis.state',
    ],
    ['CycloneDX vulnerabilities an object', cdx({ id: 'CVE-1' }), /expected an array/, 'vulnerabilities'],
    ['CycloneDX nothing affected', cdx([{ id: 'CVE-1', analysis: { state: 'resolved' } }]), /affects nothing/, 'vulnerabilities[0]'],
    [
      'CSAF undefined product id',
      csaf({ vulnerabilities: [{ cve: 'CVE-2021-44228', product_status: { known_affected: ['P-9'] } }] }),
      /not defined/,
      'vulnerabilities[0].product_status.known_affected[0]',
    ],
    ['CSAF 2.1', csaf({}, { csaf_version: '2.1' }), /expected 2\.0/, 'document.csaf_version'],
    ['CSAF informational', csaf({}, { category: 'csaf_informational_advisory' }), /no VEX statements/, 'document.category'],
    ['CSAF vulnerability without id', csaf({ vulnerabilities: [{ product_status: {} }] }), /cve or ids/, 'vulnerabilities[0]'],
    [
      'CSAF unknown flag',
      csaf({ vulnerabilities: [{ cve: 'CVE-2021-44228', flags: [{ label: 'fine' }] }] }),
      /flag label/,
      'vulnerabilities[0].flags[0].label',
    ],
  ];
  it.each(hostile)('refuses %s with a placed error', (_label, input, message, place) => {
    let error: unknown;
    try {
      readVex(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlacedError);
    expect((error as Error).message).toMatch(message);
    if (place) expect((error as PlacedError).place).toBe(place);
  });
});
