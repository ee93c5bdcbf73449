import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessQuality, isIsoDateTime, parseSbom, type Sbom } from './index.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../../test/fixtures/sbom/${name}`, import.meta.url));

describe('NTIA minimum elements on real examples', () => {
  it('laravel (CycloneDX 1.4): purls everywhere, no suppliers, no timestamp, dependencies stated', () => {
    const report = assessQuality(parseSbom(fixture('cdx-1.4-laravel.json')));
    expect(report.componentCount).toBe(62);
    expect(report.document.author).toEqual({ ok: true, detail: 'author: cyclonedx cyclonedx-php-composer in-dev' });
    expect(report.document.timestamp).toEqual({ ok: false, detail: 'no timestamp' });
    expect(report.document.dependencies).toEqual({
      ok: true,
      detail: '"cyclonedx-php-composer-demo" states 1 direct dependency; 113 relationships in all',
    });
    expect(report.elements).toEqual({
      supplier: { present: 0, missing: 62, percent: 0 },
      name: { present: 62, missing: 0, percent: 100 },
      version: { present: 62, missing: 0, percent: 100 },
      uniqueIdentifier: { present: 62, missing: 0, percent: 100 },
    });
    expect(report.identifiers).toEqual({ purl: 62, cpe: 0, hash: 0, none: 0 });
    expect(report.complete).toEqual({ present: 0, missing: 62, percent: 0 });
    expect(report.dependencyEntries).toEqual({ present: 62, missing: 0, percent: 100 });
    expect(report.incomplete).toHaveLength(62);
    expect(report.incomplete[0]).toEqual({ ref: 'asm89/stack-cors-1.3.0.0', name: 'stack-cors', missing: ['supplier'] });
    expect(report.subject).toEqual({
      ref: 'cyclonedx/cyclonedx-php-composer-demo-dev-master',
      name: 'cyclonedx-php-composer-demo',
      missing: ['supplier'],
    });
    expect(report.verdict).toBe('insufficient');
    expect(report.summary).toBe(
      'Does not meet the NTIA minimum elements: 0 of 62 components (0%) are complete. timestamp: no timestamp; supplier missing in 62 of 62 components; the subject lacks supplier.',
    );
  });

  it('cern (CycloneDX 1.2): timestamp valid, no dependency graph', () => {
    const report = assessQuality(parseSbom(fixture('cdx-1.2-cern-lhc-vdm-editor.json')));
    expect(report.document.timestamp).toEqual({ ok: true, detail: 'timestamp 2020-08-03T01:28:52.765Z' });
    expect(report.document.dependencies).toEqual({ ok: false, detail: 'the dependencies of "lhc-vdm-editor" are not stated' });
    expect(report.identifiers).toEqual({ purl: 43, cpe: 0, hash: 43, none: 0 });
  });

  it('SPDX 2.3 example: says which identifier each component lacks', () => {
    const report = assessQuality(parseSbom(fixture('spdx-2.3-example.spdx.json')));
    expect(report.subject).toEqual({ ref: 'SPDXRef-Package', name: 'glibc', missing: [] });
    expect(report.elements.version).toEqual({ present: 2, missing: 1, percent: 66.7 });
    expect(report.identifiers).toEqual({ purl: 1, cpe: 0, hash: 1, none: 1 });
    expect(report.incomplete).toEqual([
      { ref: 'SPDXRef-fromDoap-1', name: 'Apache Commons Lang', missing: ['supplier', 'version', 'uniqueIdentifier'] },
      { ref: 'SPDXRef-fromDoap-0', name: 'Jena', missing: ['supplier'] },
      { ref: 'SPDXRef-Saxon', name: 'Saxon', missing: ['supplier'] },
    ]);
    expect(report.document.author.ok && report.document.timestamp.ok && report.document.dependencies.ok).toBe(true);
  });

  it('infusion pump (CycloneDX 1.6): partial coverage in numbers', () => {
    const report = assessQuality(parseSbom(fixture('cdx-1.6-infusion-pump.json')));
    expect(report.elements.supplier).toEqual({ present: 3, missing: 4, percent: 42.9 });
    expect(report.complete).toEqual({ present: 2, missing: 5, percent: 28.6 });
    expect(report.incomplete.map((g) => [g.name, g.missing])).toEqual([
      ['bootloader', ['uniqueIdentifier']],
      ['rtos-tcp', ['supplier', 'uniqueIdentifier']],
      ['rtos-dhcp', ['supplier', 'uniqueIdentifier']],
      ['openssl-fips-provider', ['supplier', 'uniqueIdentifier']],
      ['ui-toolkit', ['supplier', 'version']],
    ]);
  });
});

describe('verdicts and document checks', () => {
  const complete = { ref: 'a', name: 'a', version: '1', supplier: 'S', purl: 'pkg:generic/a@1', hashes: [], licenses: [] };
  const sbom = (over: Partial<Sbom> = {}): Sbom => ({
    source: { format: 'cyclonedx', specVersion: '1.6', encoding: 'json' },
    authors: ['Team'],
    timestamp: '2025-01-01T00:00:00+01:00',
    subject: { ...complete, ref: 'root', name: 'root' },
    components: [complete],
    dependencies: [{ ref: 'root', dependsOn: ['a'] }],
    vulnerabilities: [],
    warnings: [],
    ...over,
  });

  it('everything present: meets', () => {
    const report = assessQuality(sbom());
    expect(report.verdict).toBe('meets-minimum-elements');
    expect(report.summary).toBe('Meets the NTIA minimum elements (1 component).');
  });

  it('an empty dependency list for the subject fails the dependency check', () => {
    expect(assessQuality(sbom({ dependencies: [{ ref: 'root', dependsOn: [] }] })).document.dependencies.ok).toBe(false);
  });

  it('without a subject, any stated relationship passes', () => {
    expect(
      assessQuality(
        sbom({ subject: undefined, components: [complete, { ...complete, ref: 'b' }], dependencies: [{ ref: 'a', dependsOn: ['b'] }] }),
      ).document.dependencies,
    ).toEqual({
      ok: true,
      detail: 'no subject is named; 1 dependency relationship stated',
    });
  });

  it('an invalid timestamp and no author: insufficient', () => {
    const report = assessQuality(sbom({ authors: [], timestamp: '2025-02-30T10:00:00Z' }));
    expect(report.document.timestamp).toEqual({ ok: false, detail: 'timestamp "2025-02-30T10:00:00Z" is not an ISO 8601 date-time' });
    expect(report.verdict).toBe('insufficient');
  });

  it('is pure: the SBOM is not changed', () => {
    const input = sbom();
    const copy = structuredClone(input);
    assessQuality(input);
    expect(input).toEqual(copy);
  });

  it.each([
    ['2025-01-01T00:00:00Z', true],
    ['2025-01-01T00:00Z', true],
    ['2024-02-29T23:59:60.5+05:30', true],
    ['2025-01-01T00:00:00', true],
    ['2025-01-01', false],
    ['2023-02-29T00:00:00Z', false],
    ['2025-13-01T00:00:00Z', false],
    ['2025-01-01T24:00:00Z', false],
    ['yesterday', false],
  ])('isIsoDateTime(%s) = %s', (value, expected) => {
    expect(isIsoDateTime(value)).toBe(expected);
  });
});
