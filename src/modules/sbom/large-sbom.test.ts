import { describe, expect, it } from 'vitest';
import { assessQuality, parseSbom } from './index.ts';

const COMPONENTS = 300_000;

/** A CycloneDX 1.5 JSON SBOM with `count` components in a chain of dependencies, built as bytes like an upload. */
function generatedSbom(count: number): Uint8Array {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const ref = `pkg:npm/%40scope/package-${i}@1.${i % 50}.${i % 7}`;
    parts.push(
      JSON.stringify({
        type: 'library',
        'bom-ref': ref,
        supplier: { name: `Supplier ${i % 100}` },
        group: '@scope',
        name: `package-${i}`,
        version: `1.${i % 50}.${i % 7}`,
        purl: ref,
        hashes: [{ alg: 'SHA-512', content: `${i.toString(16).padStart(8, '0')}${'ab'.repeat(60)}` }],
        licenses: [{ license: { id: 'MIT' } }],
      }),
    );
  }
  const deps: string[] = [JSON.stringify({ ref: 'root', dependsOn: ['pkg:npm/%40scope/package-0@1.0.0'] })];
  for (let i = 0; i < count; i++) {
    const next = i + 1 < count ? [`pkg:npm/%40scope/package-${i + 1}@1.${(i + 1) % 50}.${(i + 1) % 7}`] : [];
    deps.push(JSON.stringify({ ref: `pkg:npm/%40scope/package-${i}@1.${i % 50}.${i % 7}`, dependsOn: next }));
  }
  const metadata = {
    timestamp: '2025-01-01T00:00:00Z',
    tools: { components: [{ name: 'generator' }] },
    component: { 'bom-ref': 'root', name: 'root', version: '1', supplier: { name: 'Root Inc.' }, purl: 'pkg:generic/root@1' },
  };
  const head = JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: 'urn:uuid:00000000-0000-4000-8000-000000000000',
    version: 1,
    metadata,
  }).slice(0, -1);
  return new TextEncoder().encode(`${head},"components":[${parts.join(',')}],"dependencies":[${deps.join(',')}]}`);
}

describe('a 300,000-component CycloneDX JSON SBOM', () => {
  it('parses every component and edge in bounded time (performance itself is measured by `npm run bench -- sbom-scale`)', () => {
    const bytes = generatedSbom(COMPONENTS);
    const started = performance.now();
    const sbom = parseSbom(bytes);
    const parseMs = performance.now() - started;
    const text = new TextDecoder().decode(bytes);
    const jsonStarted = performance.now();
    JSON.parse(text);
    const jsonParseMs = performance.now() - jsonStarted;
    const qualityStarted = performance.now();
    const quality = assessQuality(sbom);
    const qualityMs = performance.now() - qualityStarted;
    console.log(
      `${COMPONENTS} components, ${(bytes.byteLength / 1e6).toFixed(0)} MB: parseSbom ${parseMs.toFixed(0)} ms (JSON.parse alone ${jsonParseMs.toFixed(0)} ms), ` +
        `assessQuality ${qualityMs.toFixed(0)} ms, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    );

    // Alone this takes ~3 s; the bound is loose because the suite runs on 2 busy cores.
    expect(parseMs).toBeLessThan(60_000);
    expect(sbom.components).toHaveLength(COMPONENTS);
    expect(sbom.dependencies).toHaveLength(COMPONENTS + 1);
    expect(sbom.components[COMPONENTS - 1]).toMatchObject({ name: `package-${COMPONENTS - 1}`, supplier: 'Supplier 99' });
    expect(sbom.warnings).toEqual([]);
    expect(quality.verdict).toBe('meets-minimum-elements');
    expect(quality.complete.present).toBe(COMPONENTS);
  }, 120_000);
});
