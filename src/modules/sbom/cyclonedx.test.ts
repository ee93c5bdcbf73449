import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSbom, SbomParseError, type Sbom } from './index.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../../test/fixtures/sbom/${name}`, import.meta.url));

/** Sorted (name, version, purl) triples: the component set, independent of order and refs. */
const componentSet = (sbom: Sbom): string[] => sbom.components.map((c) => `${c.name}|${c.version ?? ''}|${c.purl ?? ''}`).sort();
const edges = (sbom: Sbom): string[] => sbom.dependencies.flatMap((d) => d.dependsOn.map((to) => `${d.ref} -> ${to}`)).sort();

describe('CycloneDX examples (counts taken with jq from the files)', () => {
  it.each([
    ['cdx-1.2-cern-lhc-vdm-editor.json', '1.2', 43, 0, 0],
    ['cdx-1.3-laravel.json', '1.3', 62, 63, 113],
    ['cdx-1.4-laravel.json', '1.4', 62, 63, 113],
    ['cdx-1.3-vex-example-bom.json', '1.3', 3, 0, 0],
    ['cdx-1.4-vex-case-9.json', '1.4', 0, 0, 0],
    ['cdx-1.4-vex-cisa-case-1-not-affected.json', '1.4', 0, 0, 0],
    ['cdx-1.6-infusion-pump.json', '1.6', 7, 4, 4],
    ['cdx-1.2-cern-lhc-vdm-editor.xml', '1.2', 43, 0, 0],
    ['cdx-1.3-laravel.xml', '1.3', 62, 63, 113],
    ['cdx-1.4-laravel.xml', '1.4', 62, 63, 113],
    ['cdx-1.6-infusion-pump.xml', '1.6', 7, 4, 4],
  ])('%s: CycloneDX %s, %i components, %i dependency entries, %i edges', (file, version, components, entries, edgeCount) => {
    const sbom = parseSbom(fixture(file), { fileName: file });
    expect(sbom.source).toEqual({ format: 'cyclonedx', specVersion: version, encoding: file.endsWith('.xml') ? 'xml' : 'json' });
    expect(sbom.components).toHaveLength(components);
    expect(sbom.dependencies).toHaveLength(entries);
    expect(edges(sbom)).toHaveLength(edgeCount);
    expect(new Set(sbom.components.map((c) => c.ref)).size).toBe(components);
  });

  it('reads the laravel subject, tools as authors, and components field by field', () => {
    const sbom = parseSbom(fixture('cdx-1.4-laravel.json'));
    expect(sbom.subject).toMatchObject({
      ref: 'cyclonedx/cyclonedx-php-composer-demo-dev-master',
      name: 'cyclonedx-php-composer-demo',
      version: 'dev-master',
    });
    expect(sbom.name).toBe('cyclonedx-php-composer-demo');
    expect(sbom.authors).toEqual(['cyclonedx cyclonedx-php-composer in-dev']);
    expect(sbom.timestamp).toBeUndefined();
    expect(sbom.components[0]).toEqual({
      ref: 'asm89/stack-cors-1.3.0.0',
      name: 'stack-cors',
      version: '1.3.0',
      group: 'asm89',
      purl: 'pkg:composer/asm89/stack-cors@1.3.0',
      type: 'library',
      author: 'Alexander',
      hashes: [],
      licenses: ['MIT'],
    });
    expect(sbom.dependencies[0]).toEqual({
      ref: 'asm89/stack-cors-1.3.0.0',
      dependsOn: ['symfony/http-foundation-5.4.16.0', 'symfony/http-kernel-5.4.16.0'],
    });
    expect(sbom.warnings).toEqual([]);
  });

  it('normalises hash algorithms and keeps serialNumber and timestamp (cern, 1.2)', () => {
    const sbom = parseSbom(fixture('cdx-1.2-cern-lhc-vdm-editor.json'));
    expect(sbom.documentId).toBe('urn:uuid:699b6458-60da-4f52-b1b3-34915dc01eb6');
    expect(sbom.timestamp).toBe('2020-08-03T01:28:52.765Z');
    const algs = sbom.components.flatMap((c) => c.hashes.map((h) => h.alg));
    expect({
      'SHA-1': algs.filter((a) => a === 'SHA-1').length,
      'SHA-512': algs.filter((a) => a === 'SHA-512').length,
      all: algs.length,
    }).toEqual({
      'SHA-1': 26,
      'SHA-512': 17,
      all: 43,
    });
  });
});

describe('CycloneDX JSON and XML of the same SBOM are equivalent', () => {
  it.each(['cdx-1.2-cern-lhc-vdm-editor', 'cdx-1.3-laravel', 'cdx-1.4-laravel', 'cdx-1.6-infusion-pump'])('%s', (base) => {
    const json = parseSbom(fixture(`${base}.json`));
    const xml = parseSbom(fixture(`${base}.xml`));
    expect(componentSet(xml)).toEqual(componentSet(json));
    expect(edges(xml)).toEqual(edges(json));
    // Field by field too: same refs, hashes, licences, suppliers, nesting.
    expect(xml.components).toEqual(json.components);
    expect(xml.subject).toEqual(json.subject);
    expect(xml.authors).toEqual(json.authors);
  });

  it('the 1.6 pair agrees on everything but the encoding', () => {
    const json = parseSbom(fixture('cdx-1.6-infusion-pump.json'));
    const xml = parseSbom(fixture('cdx-1.6-infusion-pump.xml'));
    expect({ ...xml, source: json.source }).toEqual(json);
  });
});

describe('CycloneDX 1.5/1.6 features (synthetic infusion-pump SBOM)', () => {
  const sbom = parseSbom(fixture('cdx-1.6-infusion-pump.json'));
  const byName = new Map(sbom.components.map((c) => [c.name, c]));

  it('reads metadata authors and the {components, services} form of tools', () => {
    expect(sbom.authors).toEqual(['Product Security Team', 'Example Vendor sbom-builder 4.2.0', 'Acme Signing signing-service 1']);
  });

  it('takes the subject supplier from metadata.supplier', () => {
    expect(sbom.subject).toMatchObject({ ref: 'product', type: 'device', supplier: 'Pump Example Inc.' });
  });

  it('flattens nested components in document order with parentRef', () => {
    expect(sbom.components.map((c) => [c.name, c.parentRef])).toEqual([
      ['bootloader', 'product'],
      ['tiny-rtos', undefined],
      ['rtos-tcp', 'rtos'],
      ['rtos-dhcp', 'rtos-tcp'],
      ['openssl', undefined],
      ['openssl-fips-provider', undefined],
      ['ui-toolkit', undefined],
    ]);
  });

  it('generates refs where bom-ref is absent and renames a repeated bom-ref with a warning', () => {
    expect(byName.get('rtos-dhcp')!.ref).toBe('component-4');
    expect(byName.get('ui-toolkit')!.ref).toBe('component-7');
    expect(byName.get('openssl')!.ref).toBe('openssl');
    expect(byName.get('openssl-fips-provider')!.ref).toBe('openssl~2');
    expect(sbom.warnings).toEqual(['components[2]: ref "openssl" is used by an earlier component; this one is renamed "openssl~2"']);
  });

  it('reads hashes (upper-case dashed algorithm, lower-case hex), licences, authors (1.6) and cpe', () => {
    expect(byName.get('tiny-rtos')).toMatchObject({
      hashes: [
        { alg: 'SHA-256', value: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
        { alg: 'SHA-1', value: 'a94a8fe5ccb19ba61f4c8d00ec1f2adb8fd3c1a2' },
      ],
      licenses: ['MIT OR Apache-2.0'],
      type: 'operating-system',
    });
    expect(byName.get('rtos-tcp')!.author).toBe('Alice Example, Bob Example');
    expect(byName.get('openssl')!.purl).toContain('&checksum=');
    expect(byName.get('openssl')!.cpe).toBe('cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*');
  });

  it('reads embedded VEX', () => {
    expect(sbom.vulnerabilities).toEqual([
      {
        id: 'CVE-2024-0727',
        state: 'not_affected',
        justification: 'code_not_reachable',
        responses: ['will_not_fix', 'update'],
        detail: 'PKCS12 parsing is not used by the pump.',
        affects: ['openssl', 'urn:cdx:6f1b7a8e-2c1d-4f5a-9b0e-3d2c1b0a9f8e/1#openssl'],
      },
      { id: 'CVE-2023-5678', responses: [], affects: ['openssl'] },
    ]);
  });
});

describe('CycloneDX VEX examples', () => {
  it('CISA case 1: not_affected with justification and response', () => {
    const sbom = parseSbom(fixture('cdx-1.4-vex-cisa-case-1-not-affected.json'));
    expect(sbom.subject).toMatchObject({ ref: 'product-ABC', name: 'ABC', version: '4.2' });
    expect(sbom.vulnerabilities).toEqual([
      expect.objectContaining({
        id: 'CVE-2021-44228',
        state: 'not_affected',
        justification: 'code_not_present',
        responses: ['will_not_fix'],
        affects: ['product-ABC'],
      }),
    ]);
  });

  it('use case 9: 19 vulnerabilities, all not_affected', () => {
    const sbom = parseSbom(fixture('cdx-1.4-vex-case-9.json'));
    expect(sbom.vulnerabilities).toHaveLength(19);
    expect(sbom.vulnerabilities.every((v) => v.state === 'not_affected' && v.affects.length > 0)).toBe(true);
  });
});

describe('CycloneDX edge cases', () => {
  const doc = (rest: object): string => JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', ...rest });

  it('names the place of a component without a name', () => {
    const input = doc({ components: [{ name: 'a' }, { name: 'b', components: [{ name: 'c' }, { version: '1' }] }] });
    expect(() => parseSbom(input)).toThrow(new SbomParseError('component has no name', 'components[1].components[1].name'));
  });

  it('names places under metadata.component and in XML the same way', () => {
    expect(() => parseSbom(doc({ metadata: { component: { version: '1' } } }))).toThrow(/at metadata\.component\.name/);
    const xml =
      '<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library"><version>1</version></component></components></bom>';
    expect(() => parseSbom(xml)).toThrow(/at components\[0\]\.name/);
  });

  it('reads an XML namespace prefix, entities and CDATA', () => {
    const xml = `<?xml version="1.0"?>
<cdx:bom xmlns:cdx="http://cyclonedx.org/schema/bom/1.5"><cdx:components>
  <cdx:component type="library" bom-ref="a&amp;b"><cdx:name>x &lt;y&gt; &#233;</cdx:name><cdx:purl><![CDATA[pkg:npm/x@1?a=1&b=2]]></cdx:purl></cdx:component>
</cdx:components></cdx:bom>`;
    expect(parseSbom(xml).components).toEqual([
      { ref: 'a&b', name: 'x <y> é', purl: 'pkg:npm/x@1?a=1&b=2', type: 'library', hashes: [], licenses: [] },
    ]);
  });

  it('warns about dependencies naming unknown refs, without failing', () => {
    const sbom = parseSbom(doc({ components: [{ 'bom-ref': 'a', name: 'a' }], dependencies: [{ ref: 'a', dependsOn: ['ghost', 'a'] }] }));
    expect(sbom.dependencies).toEqual([{ ref: 'a', dependsOn: ['ghost', 'a'] }]);
    expect(sbom.warnings).toEqual(['dependencies name 1 ref(s) that no component or service has, e.g. "ghost"']);
  });

  it('merges repeated dependency entries and drops repeated targets', () => {
    const sbom = parseSbom(
      doc({
        components: [
          { 'bom-ref': 'a', name: 'a' },
          { 'bom-ref': 'b', name: 'b' },
        ],
        dependencies: [
          { ref: 'a', dependsOn: ['b', 'b'] },
          { ref: 'a', dependsOn: ['b'] },
        ],
      }),
    );
    expect(sbom.dependencies).toEqual([{ ref: 'a', dependsOn: ['b'] }]);
  });

  it('a generated ref never takes a ref written later in the document', () => {
    const sbom = parseSbom(doc({ components: [{ name: 'first' }, { 'bom-ref': 'component-1', name: 'second' }] }));
    expect(sbom.components.map((c) => c.ref)).toEqual(['component-1~2', 'component-1']);
    expect(sbom.warnings).toEqual([]);
  });

  it('refuses unsupported versions, naming the supported ones', () => {
    expect(() => parseSbom(doc({ specVersion: '1.1' }))).toThrow(
      'CycloneDX 1.1 is not supported (supported: 1.2, 1.3, 1.4, 1.5, 1.6) (at specVersion)',
    );
    expect(() => parseSbom('<bom xmlns="http://cyclonedx.org/schema/bom/1.1" version="1"/>')).toThrow(/CycloneDX 1\.1 is not supported/);
  });
});
