import { buildZip } from '../../test/support/zip-writer.ts';
import { seeded } from './npm-osv.ts';

const ecosystems = [
  { osv: 'npm', purl: (n: string, v: string) => `pkg:npm/${n}@${v}`, name: (i: number) => `bench-pkg-${i}` },
  {
    osv: 'Maven',
    purl: (n: string, v: string) => `pkg:maven/org.bench/${n}@${v}`,
    name: (i: number) => `lib-${i}`,
    osvName: (n: string) => `org.bench:${n}`,
  },
  { osv: 'PyPI', purl: (n: string, v: string) => `pkg:pypi/${n}@${v}`, name: (i: number) => `py-bench-${i}` },
  {
    osv: 'Go',
    purl: (n: string, v: string) => `pkg:golang/github.com/bench/${n}@v${v}`,
    name: (i: number) => `mod${i}`,
    osvName: (n: string) => `github.com/bench/${n}`,
  },
] as const;

/** The package universe both generators draw from, so that SBOM components and advisories meet. */
const PACKAGES_PER_ECOSYSTEM = 60_000;

/** A CycloneDX 1.5 JSON SBOM with `count` components over npm, Maven, PyPI and Go (every 50th nested in a parent). */
export function generateSbom(count: number, seed = 11): string {
  const rnd = seeded(seed);
  const components: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const eco = ecosystems[i % ecosystems.length]!;
    const name = eco.name(Math.floor(rnd() * PACKAGES_PER_ECOSYSTEM));
    const version = `${Math.floor(rnd() * 5)}.${Math.floor(rnd() * 10)}.${Math.floor(rnd() * 10)}`;
    components.push({
      type: 'library',
      'bom-ref': `c${i}`,
      supplier: { name: `Supplier ${i % 97}` },
      name,
      version,
      purl: eco.purl(name, version),
      hashes: [{ alg: 'SHA-256', content: (i * 2654435761).toString(16).padStart(64, '0').slice(0, 64) }],
    });
  }
  const dependencies = [{ ref: 'device', dependsOn: components.slice(0, 1000).map((_, i) => `c${i}`) }];
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: {
      timestamp: '2026-11-22T00:00:00Z',
      authors: [{ name: 'bench' }],
      component: { type: 'firmware', 'bom-ref': 'device', name: 'bench-device', version: '1.0.0' },
    },
    components,
    dependencies,
  });
}

/**
 * all.zip-style archives of `count` OSV records over the same packages, with ECOSYSTEM/SEMVER ranges and CVE aliases;
 * at most 50,000 records per archive (a zip without zip64 holds 65,535 entries).
 */
export function generateOsvZips(count: number, seed = 13, idPrefix = 'BENCH'): Buffer[] {
  const zips: Buffer[] = [];
  for (let start = 0; start < count; start += 50_000)
    zips.push(generateOsvZip(start, Math.min(count, start + 50_000), seed + start, idPrefix));
  return zips;
}

function generateOsvZip(from: number, to: number, seed: number, idPrefix: string): Buffer {
  const rnd = seeded(seed);
  const files = [];
  for (let i = from; i < to; i++) {
    const eco = ecosystems[i % ecosystems.length]!;
    const name = eco.name(Math.floor(rnd() * PACKAGES_PER_ECOSYSTEM));
    const fixed = `${1 + Math.floor(rnd() * 4)}.${Math.floor(rnd() * 10)}.0`;
    const record = {
      schema_version: '1.6.0',
      id: `${idPrefix}-${eco.osv.toUpperCase()}-${i}`,
      modified: '2026-06-01T00:00:00Z',
      aliases: [`CVE-2025-${String(200000 + i)}`],
      summary: `Generated advisory ${i}`,
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      affected: [
        {
          package: { ecosystem: eco.osv, name: 'osvName' in eco ? eco.osvName(name) : name },
          ranges: [{ type: eco.osv === 'Go' ? 'SEMVER' : 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }],
        },
      ],
    };
    files.push({ name: `${record.id}.json`, data: JSON.stringify(record) });
  }
  return buildZip(files);
}
