import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSbom, SbomParseError, type Sbom } from './index.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../../test/fixtures/sbom/${name}`, import.meta.url));
const componentSet = (sbom: Sbom): string[] => sbom.components.map((c) => `${c.name}|${c.version ?? ''}|${c.purl ?? ''}`).sort();

describe('SPDX 2.3 spec example', () => {
  const json = parseSbom(fixture('spdx-2.3-example.spdx.json'));
  const tagValue = parseSbom(fixture('spdx-2.3-example.spdx'));

  it('reads the document: version, namespace, name, creators, created', () => {
    expect(json.source).toEqual({ format: 'spdx', specVersion: '2.3', encoding: 'json' });
    expect(json.documentId).toBe('http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301');
    expect(json.name).toBe('SPDX-Tools-v2.0');
    expect(json.authors).toEqual(['LicenseFind-1.0', 'ExampleCodeInspect', 'Jane Doe']);
    expect(json.timestamp).toBe('2010-01-29T18:30:22Z');
  });

  it('the one described package is the subject, not a component; files and snippets are not components', () => {
    expect(json.subject).toEqual({
      ref: 'SPDXRef-Package',
      name: 'glibc',
      version: '2.11.1',
      supplier: 'Jane Doe',
      author: 'ExampleCodeInspect',
      type: 'source',
      cpe: 'cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*',
      hashes: [
        { alg: 'MD5', value: '624c1abb3664f4b35547e7c73864ad24' },
        { alg: 'SHA-1', value: '85ed0817af83a24ad8da68c2b5094de69833983c' },
        { alg: 'SHA-256', value: '11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd' },
        { alg: 'BLAKE2B-384', value: 'aaabd89c926ab525c242e6621f2f5fa73aa4afe3d9e24aed727faaadd6af38b620bdb623dd2b4788b1c8086984af8706' },
      ],
      licenses: ['(LGPL-2.0-only AND LicenseRef-3)', '(LGPL-2.0-only OR LicenseRef-3)'],
    });
    expect(componentSet(json)).toEqual(['Apache Commons Lang||', 'Jena|3.12.0|pkg:maven/org.apache.jena/apache-jena@3.12.0', 'Saxon|8.8|']);
    expect(json.components.find((c) => c.name === 'Apache Commons Lang')!.licenses).toEqual([]);
  });

  it('keeps package-to-package edges only (DYNAMIC_LINK counts; file CONTAINS and GENERATED_FROM do not)', () => {
    expect(json.dependencies).toEqual([{ ref: 'SPDXRef-Package', dependsOn: ['SPDXRef-Saxon'] }]);
  });

  it('tag-value of the same document yields the same model', () => {
    expect(tagValue.source).toEqual({ format: 'spdx', specVersion: '2.3', encoding: 'tag-value' });
    expect(componentSet(tagValue)).toEqual(componentSet(json));
    expect({ ...tagValue, source: json.source }).toEqual(json);
  });
});

describe('SPDX 2 relationships', () => {
  const doc = (packages: object[], relationships: object[], extra: object = {}): string =>
    JSON.stringify({ spdxVersion: 'SPDX-2.2', SPDXID: 'SPDXRef-DOCUMENT', name: 'd', packages, relationships, ...extra });
  const pkg = (id: string): object => ({ SPDXID: id, name: id.replace('SPDXRef-', ''), supplier: 'NOASSERTION', versionInfo: '1' });

  it('DEPENDENCY_OF is reversed, DESCRIBES picks the subject, NOASSERTION suppliers are absent', () => {
    const sbom = parseSbom(
      doc(
        [pkg('SPDXRef-app'), pkg('SPDXRef-lib'), pkg('SPDXRef-util')],
        [
          { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-app' },
          { spdxElementId: 'SPDXRef-lib', relationshipType: 'DEPENDENCY_OF', relatedSpdxElement: 'SPDXRef-app' },
          { spdxElementId: 'SPDXRef-lib', relationshipType: 'DEPENDS_ON', relatedSpdxElement: 'SPDXRef-util' },
          { spdxElementId: 'SPDXRef-lib', relationshipType: 'DEPENDS_ON', relatedSpdxElement: 'NOASSERTION' },
        ],
      ),
    );
    expect(sbom.subject?.ref).toBe('SPDXRef-app');
    expect(sbom.subject?.supplier).toBeUndefined();
    expect(sbom.components.map((c) => c.ref)).toEqual(['SPDXRef-lib', 'SPDXRef-util']);
    expect(sbom.dependencies).toEqual([
      { ref: 'SPDXRef-app', dependsOn: ['SPDXRef-lib'] },
      { ref: 'SPDXRef-lib', dependsOn: ['SPDXRef-util'] },
    ]);
  });

  it('two described packages: no subject, both stay components', () => {
    const sbom = parseSbom(doc([pkg('SPDXRef-a'), pkg('SPDXRef-b')], [], { documentDescribes: ['SPDXRef-a', 'SPDXRef-b'] }));
    expect(sbom.subject).toBeUndefined();
    expect(sbom.components).toHaveLength(2);
  });

  it('prefers cpe23Type over cpe22Type and strips actor prefixes and e-mail', () => {
    const sbom = parseSbom(
      doc(
        [
          {
            SPDXID: 'SPDXRef-x',
            name: 'x',
            supplier: 'Organization: ACME Corp (psirt@acme.example)',
            externalRefs: [
              { referenceCategory: 'SECURITY', referenceType: 'cpe22Type', referenceLocator: 'cpe:/a:acme:x:1' },
              { referenceCategory: 'SECURITY', referenceType: 'cpe23Type', referenceLocator: 'cpe:2.3:a:acme:x:1:*:*:*:*:*:*:*' },
              { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:generic/x@1' },
            ],
          },
        ],
        [],
      ),
    );
    expect(sbom.components[0]).toMatchObject({ supplier: 'ACME Corp', cpe: 'cpe:2.3:a:acme:x:1:*:*:*:*:*:*:*', purl: 'pkg:generic/x@1' });
  });

  it('refuses SPDX 2.1, naming the supported versions', () => {
    expect(() => parseSbom(doc([], [], { spdxVersion: 'SPDX-2.1' }))).toThrow(
      'SPDX 2.1 is not supported (supported: SPDX 2.2, 2.3 and 3.0) (at spdxVersion)',
    );
  });
});

describe('SPDX tag-value', () => {
  const header =
    'SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: t\nCreator: Tool: x\nCreated: 2024-01-01T00:00:00Z\n';

  it('file tags after FileName are not package tags', () => {
    const sbom = parseSbom(
      `${header}\nPackageName: p\nSPDXID: SPDXRef-p\nPackageVersion: 1\n\nFileName: ./f.c\nSPDXID: SPDXRef-f\nFileChecksum: SHA1: aa\nLicenseConcluded: MIT\n`,
    );
    expect(sbom.subject).toBeUndefined();
    expect(sbom.components).toEqual([{ ref: 'SPDXRef-p', name: 'p', version: '1', hashes: [], licenses: [] }]);
  });

  it('reads multi-line <text> values and comments', () => {
    const sbom = parseSbom(
      `# leading comment\n${header}PackageName: p\nSPDXID: SPDXRef-p\nPackageDescription: <text>line one\nPackageVersion: not a tag\n</text>\nPackageVersion: 2\n`,
    );
    expect(sbom.components[0]!.version).toBe('2');
  });

  it('errors name the line', () => {
    expect(() => parseSbom(`${header}PackageName: p\nthis is not a tag line\n`)).toThrow(
      new SbomParseError('expected "Tag: value"', 'line 8'),
    );
    expect(() => parseSbom(`${header}PackageName: p\nPackageComment: <text>never closed\n`)).toThrow(
      new SbomParseError('<text> of PackageComment is not closed by </text>', 'line 8'),
    );
    expect(() => parseSbom(`${header}PackageName: p\nRelationship: SPDXRef-p DEPENDS_ON\n`)).toThrow(/at line 8/);
    expect(() => parseSbom(`${header}\nPackageName:\nSPDXID: SPDXRef-p\n`)).toThrow(new SbomParseError('package has no name', 'line 8'));
    expect(() => parseSbom(header.replace('SPDX-2.3', 'SPDX-1.2'))).toThrow(
      new SbomParseError('SPDX 1.2 is not supported (supported: SPDX 2.2, 2.3 and 3.0)', 'line 1'),
    );
  });
});

describe('SPDX 3.0 JSON-LD', () => {
  it('spec example: the root package is the subject, the file is not a component', () => {
    const sbom = parseSbom(fixture('spdx-3.0-package-sbom.jsonld.json'));
    expect(sbom.source).toEqual({ format: 'spdx', specVersion: '3.0', encoding: 'json-ld' });
    expect(sbom.documentId).toBe('http://spdx.example.com/Document1');
    expect(sbom.authors).toEqual(['Joshua Watt']);
    expect(sbom.timestamp).toBe('2024-03-06T00:00:00Z');
    expect(sbom.subject).toEqual({
      ref: 'http://spdx.example.com/Package1',
      name: 'my-package',
      version: '1.0.0',
      author: 'Joshua Watt',
      hashes: [],
      licenses: [],
    });
    expect(sbom.components).toEqual([]);
    expect(sbom.dependencies).toEqual([]);
  });

  it('infusion-pump example: packages, purls, CPEs, suppliers, hashes, licences, dependsOn', () => {
    const sbom = parseSbom(fixture('spdx-3.0-infusion-pump.jsonld.json'));
    expect(sbom.authors).toEqual(['Pump Example Inc.', 'sbom-builder 4.2.0']);
    expect(sbom.name).toBe('Infusion pump firmware 7.1.3');
    expect(sbom.subject).toMatchObject({
      name: 'infusion-pump-firmware',
      version: '7.1.3',
      supplier: 'Pump Example Inc.',
      type: 'firmware',
    });
    expect(sbom.components.map((c) => [c.name, c.version, c.purl, c.cpe, c.supplier])).toEqual([
      ['openssl', '3.0.13', 'pkg:generic/openssl@3.0.13', 'cpe:/a:openssl:openssl:3.0.13', 'OpenSSL Software Foundation'],
      ['zlib', '1.3.1', 'pkg:generic/zlib@1.3.1', undefined, undefined],
    ]);
    expect(sbom.components[0]!.hashes).toEqual([
      { alg: 'SHA-256', value: '88525753f79d3bec27d2fa7c66aec0b3d1d2f3e4a5b6c7d8e9f0a1b2c3d4e5f6' },
    ]);
    expect(sbom.components[1]!.hashes[0]!.alg).toBe('SHA3-256');
    expect(sbom.components[1]!.licenses).toEqual(['Zlib']);
    expect(sbom.dependencies).toEqual([
      {
        ref: 'https://pump.example/spdx/pkg/firmware',
        dependsOn: ['https://pump.example/spdx/pkg/openssl', 'https://pump.example/spdx/pkg/zlib'],
      },
    ]);
  });

  it('wrong shapes name their place', () => {
    const ctx = 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld';
    expect(() => parseSbom(JSON.stringify({ '@context': ctx, '@graph': {} }))).toThrow(/at @graph\)$/);
    expect(() => parseSbom(JSON.stringify({ '@context': ctx, '@graph': [{ type: 'software_Package', spdxId: 'x' }] }))).toThrow(
      new SbomParseError('package has no name', '@graph[0].name'),
    );
    expect(() => parseSbom(JSON.stringify({ '@context': 'https://spdx.org/rdf/4.0/spdx-context.jsonld', '@graph': [] }))).toThrow(
      /SPDX 4\.0 is not supported/,
    );
  });
});
