import { buildZip } from '../../test/support/zip-writer.ts';

/** A small seeded PRNG (mulberry32) so generated data is the same in every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An npm OSV all.zip of `count` records: a quarter name packages the SBOM really has (so matching has work to do),
 * the rest invented packages; each with one or two ECOSYSTEM ranges, CVSS vectors and CVE aliases.
 */
export function generateNpmOsvZip(count: number, realNames: string[], seed = 7): Buffer {
  const rnd = seeded(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const ver = () => `${Math.floor(rnd() * 6)}.${Math.floor(rnd() * 20)}.${Math.floor(rnd() * 30)}`;
  const files = [];
  for (let i = 0; i < count; i++) {
    const name = realNames.length > 0 && rnd() < 0.25 ? pick(realNames) : `gen-pkg-${Math.floor(rnd() * count)}`;
    const events =
      rnd() < 0.3 ? [{ introduced: '0' }, { fixed: ver() }] : [{ introduced: ver() }, { fixed: `${6 + Math.floor(rnd() * 3)}.0.0` }];
    const record = {
      schema_version: '1.6.0',
      id: `GHSA-gen-${i.toString(36).padStart(4, '0')}-bench`,
      modified: '2026-01-01T00:00:00Z',
      aliases: [`CVE-2026-${String(100000 + i)}`],
      summary: `Generated advisory ${i} for ${name}`,
      severity: [
        { type: 'CVSS_V3', score: pick(['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:N']) },
      ],
      affected: [
        { package: { ecosystem: 'npm', name, purl: `pkg:npm/${name.replace('@', '%40')}` }, ranges: [{ type: 'ECOSYSTEM', events }] },
      ],
    };
    files.push({ name: `${record.id}.json`, data: JSON.stringify(record) });
  }
  return buildZip(files);
}
