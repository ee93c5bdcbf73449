import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSbomScan } from '../../src/cli/sbom-scan-command.ts';
import type { ScanReportJson } from '../../src/modules/scan/scan-report.ts';
import { runCli } from '../support/cli.ts';

const fixtures = join(import.meta.dirname, '../fixtures');
const scanFixture = (name: string) => join(fixtures, 'scan', name);
const vulndb = (name: string) => join(fixtures, 'vulndb', name);

/** Runs the scanner in-process and returns the parsed JSON reports, the exit code and stderr. */
async function scan(files: string[], dbPaths: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSbomScan(files, { vulndb: dbPaths, format: 'json' }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, reports: out.map((l) => JSON.parse(l) as ScanReportJson), stderr: err.join('\n') };
}

describe('isao sbom scan (offline scanner)', { timeout: 120_000 }, () => {
  let runc: Awaited<ReturnType<typeof scan>>;
  beforeAll(async () => {
    runc = await scan(
      [scanFixture('runc-service.cdx.json')],
      [vulndb('go-all.zip'), vulndb('kev-sample.json'), vulndb('epss-sample.csv'), scanFixture('CVE-2019-12256.cve5-shaped.json')],
    );
  });

  it('finds the 11 Go advisories of runc 1.0.1, once, with fixed versions', () => {
    const [report] = runc.reports;
    const runcFindings = report!.findings.filter((f) => f.component.name === 'github.com/opencontainers/runc');
    expect(runcFindings.map((f) => f.vulnerability.id).sort()).toEqual([
      'GO-2022-0274',
      'GO-2022-0452',
      'GO-2023-1627',
      'GO-2023-1682',
      'GO-2023-1683',
      'GO-2024-2491',
      'GO-2024-3110',
      'GO-2025-4096',
      'GO-2025-4097',
      'GO-2025-4098',
      'GO-2026-5761',
    ]);
    const leaky = runcFindings.find((f) => f.vulnerability.id === 'GO-2024-2491')!;
    expect(leaky.fixed).toEqual(['1.1.12']);
    expect(leaky.vulnerability.aliases).toContain('CVE-2024-21626');
    expect(leaky.component).toEqual({
      name: 'github.com/opencontainers/runc',
      version: 'v1.0.1',
      purl: 'pkg:golang/github.com/opencontainers/runc@v1.0.1',
      cpe: null,
    });
    expect(runc.code).toBe(1);
  });

  it('counts duplicated components once and reports unusable purls without failing', () => {
    const [report] = runc.reports;
    // runc twice (once with a qualifier) is one component: 6 listed, 5 distinct.
    expect(report!.components).toBe(5);
    expect(report!.unusablePurls).toEqual([{ name: 'broken-purl', purl: 'pkg:/no-type@1.0', reason: expect.any(String) as string }]);
    // in-house-lib has neither purl nor CPE; broken-purl's only identifier is unusable.
    expect(report!.unidentified).toBe(2);
    expect(report!.unusableCpes).toEqual([]);
  });

  it('marks KEV through a related CVE: GO-2023-2102 on golang.org/x/net 0.7.0 → CVE-2023-44487', () => {
    const all = runc.reports[0]!.findings;
    const rapidReset = all.find((f) => f.vulnerability.id === 'GO-2023-2102')!;
    expect(rapidReset.component.name).toBe('golang.org/x/net');
    expect(rapidReset.vulnerability.related).toEqual(['CVE-2023-44487']);
    expect(rapidReset.kev).toBe(true);
    expect(rapidReset.kevCves).toEqual(['CVE-2023-44487']);
    expect(rapidReset.fixed).toEqual(['0.17.0']);
    // KEV findings sort first; no finding claims KEV without a CVE in the catalogue.
    expect(all[0]!.kev).toBe(true);
    for (const f of all) expect(f.kev).toBe(f.kevCves.length > 0);
  });

  it('matches a CPE-only firmware component (VxWorks 6.9) through a CVE record with CPEs and a version range', () => {
    const rtos = runc.reports[0]!.findings.filter((f) => f.component.name === 'vxworks');
    expect(rtos.map((f) => [f.vulnerability.id, f.matchedBy, f.severity?.level])).toEqual([['CVE-2019-12256', 'cpe', 'critical']]);
    expect(rtos[0]!.component).toEqual({
      name: 'vxworks',
      version: '6.9',
      purl: null,
      cpe: 'cpe:2.3:o:windriver:vxworks:6.9:*:*:*:*:*:*:*',
    });
  });

  it('finds lodash in juice-shop and jackson-databind in dropwizard, and does NOT flag commons-text 1.2', async () => {
    const r = await scan(
      [scanFixture('juice-shop-11.1.2.cdx.json'), scanFixture('dropwizard-1.3.15.cdx.json')],
      [join(fixtures, 'vulndb', 'ghsa')],
    );
    const [juice, dropwizard] = r.reports;
    expect(juice!.components).toBe(840);
    const lodash = juice!.findings.filter((f) => f.vulnerability.id === 'GHSA-35jh-r3h4-6jhm');
    // lodash 2.4.2 is affected (< 4.17.21); 4.17.19 is affected too.
    expect(lodash.map((f) => f.component.version).sort()).toEqual(['2.4.2', '4.17.19']);
    expect(lodash[0]!.fixed).toEqual(['4.17.21']);
    expect(lodash[0]!.vulnerability.aliases).toEqual(['CVE-2021-23337']);
    expect(lodash[0]!.severity).toEqual({ level: 'high', score: 7.2, vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' });
    expect(dropwizard!.components).toBe(167);
    expect(dropwizard!.findings.map((f) => `${f.component.name}@${f.component.version} ${f.vulnerability.id}`)).toEqual([
      'jackson-databind@2.9.10 GHSA-57j2-w4cx-62h2',
    ]);
    expect(r.code).toBe(1);
  });

  it('exits 0 without findings and 2 on an unreadable SBOM or missing vulnerability data', async () => {
    const clean = await scan([scanFixture('dropwizard-1.3.15.cdx.json')], [vulndb('pysec')]);
    expect(clean.code).toBe(0);
    expect(clean.reports[0]!.findings).toEqual([]);
    const bad = await scan([vulndb('kev-sample.json')], [vulndb('pysec')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a readable SBOM/);
    const missing = await scan([scanFixture('dropwizard-1.3.15.cdx.json')], ['/nonexistent/osv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read the vulnerability data/);
  });

  it('works as the real command: table by default, JSON on request, exit codes', async () => {
    const table = await runCli(
      ['sbom', 'scan', scanFixture('dropwizard-1.3.15.cdx.json'), '--vulndb', join(fixtures, 'vulndb', 'ghsa')],
      {},
    );
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/167 components, 1 finding/);
    expect(table.stdout).toMatch(/jackson-databind@2\.9\.10 +GHSA-57j2-w4cx-62h2 \(CVE-2020-36518\)/);
    expect(table.stderr).toMatch(/Vulnerability data: 3 records from 3 files/);
    const json = await runCli(
      ['sbom', 'scan', '--format', 'json', scanFixture('dropwizard-1.3.15.cdx.json'), '--vulndb', vulndb('pysec')],
      {},
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ components: 167, findings: [] });
    const usage = await runCli(['sbom', 'scan', scanFixture('dropwizard-1.3.15.cdx.json')], {});
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--vulndb/);
    const format = await runCli(
      ['sbom', 'scan', scanFixture('dropwizard-1.3.15.cdx.json'), '--vulndb', vulndb('pysec'), '--format', 'xml'],
      {},
    );
    expect(format.code).toBe(2);
  });
});
