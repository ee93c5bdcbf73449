import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCycloneDxJson } from './cyclonedx-json.ts';
import { parseSbom, SbomParseError } from './index.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../../test/fixtures/sbom/${name}`, import.meta.url));

/** The SbomParseError parseSbom throws for the input; fails the test for any other outcome. */
function parseError(input: string | Uint8Array, options?: { maxBytes?: number; fileName?: string }): SbomParseError {
  try {
    parseSbom(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(SbomParseError);
    return error as SbomParseError;
  }
  throw new Error('expected a SbomParseError');
}

const cdx = (rest: object): string => JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.4', ...rest });

describe('XML attacks', () => {
  it('refuses XXE before any parser runs', () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library"><name>&xxe;</name></component></components></bom>`;
    const error = parseError(xxe);
    expect(error.message).toMatch(/DOCTYPE declaration is refused/);
    expect(error.place).toBe('line 2, column 1');
  });

  it('refuses billion laughs', () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${entities}\n]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component><name>&lol9;</name></component></components></bom>`;
    expect(parseError(bomb).message).toMatch(/DOCTYPE declaration is refused \(external entities and entity expansion are not allowed\)/);
  });

  it('refuses an ENTITY declaration without DOCTYPE and any lower-case spelling', () => {
    expect(parseError('<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><!ENTITY x "y"></bom>').message).toMatch(
      /ENTITY declaration is refused/,
    );
    expect(parseError('<!doctype bom><bom xmlns="http://cyclonedx.org/schema/bom/1.4"/>').message).toMatch(
      /DOCTYPE declaration is refused/,
    );
  });

  it('refuses truncated XML, naming the open element or the cut tag', () => {
    const xml = fixture('cdx-1.4-laravel.xml').toString('utf8');
    const afterElement = xml.indexOf('</component>', xml.length / 2) + '</component>'.length;
    const error = parseError(xml.slice(0, afterElement));
    expect(error.message).toBe('the document ends inside <components> (truncated?) (at line 40)');
    expect(parseError(xml.slice(0, Math.floor(xml.length / 2))).message).toBe(
      'unterminated closing tag </prope (truncated?) (at line 1212, column 115)',
    );
    expect(parseError(xml.slice(0, afterElement + 10)).message).toMatch(
      /^unterminated start tag \(truncated\?\) \(at line \d+, column \d+\)$/,
    );
  });

  it('refuses mismatched tags, a second root and text outside the root', () => {
    const ns = 'xmlns="http://cyclonedx.org/schema/bom/1.4"';
    expect(parseError(`<bom ${ns}><components></bom>`).message).toMatch(
      /closing tag <\/bom> where <\/components> \(opened at line 1\) was expected/,
    );
    expect(parseError(`<bom ${ns}></bom><bom ${ns}></bom>`).message).toMatch(/a second root element/);
    expect(parseError(`<bom ${ns}></bom>trailing`).message).toMatch(/text outside the root element/);
    expect(parseError('<bom>').message).toMatch(/ends inside <bom>/);
  });

  it('refuses XML nested deeper than 64 elements (100,000 nested components)', () => {
    const open = '<component type="library"><name>n</name><components>';
    const xml = `<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components>${open.repeat(100_000)}`;
    const error = parseError(xml);
    expect(error.message).toMatch(/^XML nests deeper than 64 elements \(at line 1, column \d+\)$/);
    const column = Number(/column (\d+)/.exec(error.place!)![1]);
    // The 65th open element: <bom>, <components>, then 31 × (<component>, <components>), then one more <component>.
    expect(column - 1).toBe(xml.indexOf('<component ') + 31 * open.length);
  });

  it('refuses XML that is not a CycloneDX bom', () => {
    expect(parseError('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>').message).toMatch(
      /<RDF> is not a CycloneDX <bom>/,
    );
    expect(parseError('<bom xmlns="urn:other"></bom>').message).toMatch(/not in a CycloneDX namespace/);
  });
});

describe('JSON defects', () => {
  it('truncated JSON: invalid JSON with line and column', () => {
    const json = fixture('cdx-1.4-laravel.json').toString('utf8');
    const error = parseError(json.slice(0, 5000));
    expect(error.message).toMatch(/^invalid JSON: .+ \(offset \d+\)/);
    expect(error.place).toMatch(/^line \d+, column \d+$/);
  });

  it('a syntax error in the middle names its position', () => {
    expect(parseError('{"bomFormat": "CycloneDX",\n  "specVersion" "1.4"}').place).toBe('line 2, column 17');
  });

  it('100,000-deep nested arrays and components are refused at 64 levels', () => {
    const arrays = parseError(`{"bomFormat":"CycloneDX","specVersion":"1.4","components":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(arrays.message).toBe('JSON nests deeper than 64 levels (at line 1, column 122)');
    const nested = `${'{"name":"n","components":['.repeat(100_000)}${']}'.repeat(100_000)}`;
    expect(parseError(cdx({ components: [] }).replace('[]', `[${nested}]`)).message).toMatch(/^JSON nests deeper than 64 levels/);
  });

  it('nesting is flattened without recursion even past the text limit (object built in memory)', () => {
    const root: Record<string, unknown> = { name: 'c0' };
    let node = root;
    for (let i = 1; i <= 100_000; i++) {
      const child: Record<string, unknown> = { name: `c${i}` };
      node['components'] = [child];
      node = child;
    }
    const sbom = parseCycloneDxJson({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [root] });
    expect(sbom.components).toHaveLength(100_001);
    expect(sbom.components[100_000]).toMatchObject({ name: 'c100000', parentRef: 'component-100000' });
    delete node['name'];
    expect(() => parseCycloneDxJson({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [root] })).toThrow(
      /components\[0\](\.components\[0\]){100000}\.name\)$/,
    );
  });

  it.each([
    ['components not an array', cdx({ components: {} }), 'components'],
    ['a component that is a number', cdx({ components: [{ name: 'a' }, 5] }), 'components[1]'],
    ['a name that is an object', cdx({ components: [{ name: {} }] }), 'components[0].name'],
    ['hashes not an array', cdx({ components: [{ name: 'a', hashes: 'x' }] }), 'components[0].hashes'],
    ['a hash that is a string', cdx({ components: [{ name: 'a', hashes: ['x'] }] }), 'components[0].hashes[0]'],
    ['a licence choice that is null', cdx({ components: [{ name: 'a', licenses: [null] }] }), 'components[0].licenses[0]'],
    ['supplier a string', cdx({ components: [{ name: 'a', supplier: 'ACME' }] }), 'components[0].supplier'],
    ['nested components an object', cdx({ components: [{ name: 'a', components: { name: 'b' } }] }), 'components[0].components'],
    ['metadata an array', cdx({ metadata: [] }), 'metadata'],
    ['tools a string', cdx({ metadata: { tools: 'x' } }), 'metadata.tools'],
    ['a dependency without ref', cdx({ dependencies: [{ dependsOn: [] }] }), 'dependencies[0].ref'],
    ['dependsOn a string', cdx({ dependencies: [{ ref: 'a', dependsOn: 'b' }] }), 'dependencies[0].dependsOn'],
    ['dependsOn holding an object', cdx({ dependencies: [{ ref: 'a', dependsOn: [{}] }] }), 'dependencies[0].dependsOn[0]'],
    ['vulnerability analysis an array', cdx({ vulnerabilities: [{ id: 'CVE-1', analysis: [] }] }), 'vulnerabilities[0].analysis'],
    ['SPDX packages an object', JSON.stringify({ spdxVersion: 'SPDX-2.3', packages: {} }), 'packages'],
    [
      'SPDX checksums a string',
      JSON.stringify({ spdxVersion: 'SPDX-2.3', packages: [{ SPDXID: 'a', name: 'a', checksums: 'x' }] }),
      'packages[0].checksums',
    ],
    [
      'SPDX relationship without type',
      JSON.stringify({ spdxVersion: 'SPDX-2.3', relationships: [{ spdxElementId: 'a', relatedSpdxElement: 'b' }] }),
      'relationships[0].relationshipType',
    ],
    ['a top-level array', '[1, 2]', '(document)'],
  ])('wrong type: %s → place %s', (_, input, place) => {
    expect(parseError(input).place).toBe(place);
  });
});

describe('bytes that are not an SBOM', () => {
  it('empty input', () => {
    for (const input of ['', '  \n\t', new Uint8Array(0), new TextEncoder().encode('\uFEFF  ')])
      expect(parseError(input).message).toBe('the SBOM is empty');
  });

  it('invalid UTF-8 names the first bad byte', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"bomFormat":"Cyclone'), 0xc3, 0x28, ...new TextEncoder().encode('DX"}')]);
    const error = parseError(bytes);
    expect(error.message).toBe('the input is not valid UTF-8 text (a binary file?) (at byte 21)');
  });

  it('a random binary blob, gzip, zip and UTF-16 are refused with a reason', () => {
    let seed = 42;
    const blob = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16);
    expect(parseError(blob).message).toMatch(/not valid UTF-8/);
    expect(parseError(new Uint8Array([0x1f, 0x8b, 8, 0, 0])).message).toMatch(/gzip/);
    expect(parseError(new Uint8Array([0x50, 0x4b, 3, 4, 0])).message).toMatch(/ZIP archive/);
    expect(parseError(new Uint8Array([0xff, 0xfe, 0x7b, 0])).message).toMatch(/UTF-16/);
    expect(parseError(new Uint8Array(64)).message).toMatch(/^unknown SBOM format/);
  });

  it('too large, checked before decoding', () => {
    expect(parseError(new Uint8Array(2048), { maxBytes: 1024 }).message).toBe(
      'the SBOM is 2048 bytes, larger than the limit of 1024 bytes',
    );
    expect(parseError('é'.repeat(600), { maxBytes: 1000 }).message).toBe('the SBOM is larger than the limit of 1000 bytes');
  });

  it('unknown formats say what is read', () => {
    expect(parseError('{"hello": "world"}').message).toMatch(/^unknown SBOM format: JSON without bomFormat.*expected CycloneDX 1\.2–1\.6/);
    expect(parseError('name: x\nversion: 1\n', { fileName: 'sbom.spdx.yaml' }).message).toMatch(
      /sbom\.spdx\.yaml looks like an SPDX RDF\/YAML/,
    );
    expect(parseError(cdx({ bomFormat: 'SPDX' })).message).toBe('bomFormat is "SPDX", expected "CycloneDX" (at bomFormat)');
  });
});

describe('fuzzing: every defect is a SbomParseError, never another error', () => {
  const base = JSON.parse(fixture('cdx-1.6-infusion-pump.json').toString('utf8')) as Record<string, unknown>;
  const paths = [
    ['metadata'],
    ['metadata', 'tools'],
    ['metadata', 'authors'],
    ['metadata', 'component'],
    ['metadata', 'component', 'components'],
    ['metadata', 'supplier'],
    ['components'],
    ['components', 0],
    ['components', 0, 'components'],
    ['components', 0, 'hashes'],
    ['components', 0, 'hashes', 0],
    ['components', 0, 'licenses'],
    ['components', 0, 'licenses', 0, 'license'],
    ['components', 0, 'name'],
    ['components', 0, 'supplier'],
    ['components', 0, 'authors'],
    ['dependencies'],
    ['dependencies', 0],
    ['dependencies', 0, 'dependsOn'],
    ['vulnerabilities'],
    ['vulnerabilities', 0, 'analysis'],
    ['vulnerabilities', 0, 'affects'],
    ['specVersion'],
    ['serialNumber'],
  ];

  it('CycloneDX JSON with any JSON value at any place', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        const doc = structuredClone(base);
        let node: unknown = doc;
        for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
        (node as Record<string | number, unknown>)[path.at(-1)!] = value;
        expectOnlySbomParseError(JSON.stringify(doc));
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    'cdx-1.6-infusion-pump.xml',
    'cdx-1.6-infusion-pump.json',
    'spdx-2.3-example.spdx',
    'spdx-2.3-example.spdx.json',
    'spdx-3.0-infusion-pump.jsonld.json',
  ])('%s cut, spliced and overwritten at random', (file) => {
    const text = fixture(file).toString('utf8');
    fc.assert(
      fc.property(fc.nat({ max: text.length }), fc.nat({ max: 40 }), fc.string({ maxLength: 12 }), (at, cut, insert) => {
        expectOnlySbomParseError(text.slice(0, at) + insert + text.slice(at + cut));
      }),
      { numRuns: 300 },
    );
  });
});

function expectOnlySbomParseError(input: string): void {
  try {
    parseSbom(input);
  } catch (error) {
    if (!(error instanceof SbomParseError)) throw error;
  }
}
