/**
 * The `scan-cli` benchmark: `isao sbom scan` (the real CLI, one process) of the juice-shop SBOM against the whole Go
 * database, the PyPI advisory database and a generated npm set. Reports wall time and peak RSS, with the CLI's own
 * start (`isao --help`) as the baseline measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateNpmOsvZip } from './lib/npm-osv.ts';
import { UsageError, log, machine, parseArgs, round, table, writeResult } from './lib/report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin/isao.mjs');

interface Run {
  wallS: number;
  peakRssMiB: number;
  exitCode: number | null;
  stderr: string;
  stdout: string;
}

/** Runs a command under GNU time for its elapsed time and maximum resident set size. */
function timed(args: string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const lines = r.stderr.trimEnd().split('\n');
  const [wall, rssKiB] = lines.at(-1)!.split(' ').map(Number);
  return {
    wallS: wall!,
    peakRssMiB: round(rssKiB! / 1024, 1),
    exitCode: r.status,
    stderr: lines.slice(0, -1).join('\n'),
    stdout: r.stdout,
  };
}

export async function main(args: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs(args, { shared: path.resolve(root, '../shared/data'), npm: '50000', runs: '3' });
  } catch (e) {
    if (e instanceof UsageError) {
      log(e.message);
      return 2;
    }
    throw e;
  }
  if (!fs.existsSync('/usr/bin/time')) throw new Error('needs GNU time (/usr/bin/time): apt-get install -y time');
  const pysec = path.join(opts.shared!, 'osv/pypi-pysec');
  if (!fs.existsSync(pysec)) throw new Error(`no PyPI advisory database at ${pysec}: pass --shared <data folder>`);
  const sbom = path.join(root, 'test/fixtures/scan/juice-shop-11.1.2.cdx.json');
  const goZip = path.join(root, 'test/fixtures/vulndb/go-all.zip');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-bench-scan-'));
  try {
    const names = [
      ...new Set(
        (JSON.parse(fs.readFileSync(sbom, 'utf8')) as { components: { name: string; group?: string }[] }).components.map((c) =>
          c.group ? `${c.group}/${c.name}` : c.name,
        ),
      ),
    ];
    const npmCount = Number(opts.npm);
    log(`generating ${npmCount} npm OSV records…`);
    const npmZip = path.join(work, 'npm-all.zip');
    fs.writeFileSync(npmZip, generateNpmOsvZip(npmCount, names));
    const runs = Number(opts.runs);
    const baseline: Run[] = [];
    const scans: Run[] = [];
    for (let i = 0; i < runs; i++) {
      baseline.push(timed(['--help']));
      const scan = timed(['sbom', 'scan', '--format', 'json', sbom, '--vulndb', goZip, pysec, npmZip]);
      if (scan.exitCode !== 1) throw new Error(`the scan exited ${scan.exitCode}, expected 1 (findings):\n${scan.stderr}`);
      scans.push(scan);
      log(`run ${i + 1}/${runs}: ${scan.wallS} s, ${scan.peakRssMiB} MiB (CLI start alone ${baseline[i]!.wallS} s)`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const report = JSON.parse(scans.at(-1)!.stdout) as { components: number; findings: unknown[] };
    const result = {
      benchmark: 'scan-cli',
      machine: machine(),
      input: {
        sbom: 'juice-shop 11.1.2 (CycloneDX 1.2 JSON)',
        components: report.components,
        vulndb: { go: 'test/fixtures/vulndb/go-all.zip (4,291 records)', pysec: pysec, npmGenerated: npmCount },
        loaded: scans
          .at(-1)!
          .stderr.split('\n')
          .find((l) => l.startsWith('Vulnerability data')),
      },
      findings: report.findings.length,
      runs: scans.map((s, i) => ({ wallS: s.wallS, peakRssMiB: s.peakRssMiB, cliStartS: baseline[i]!.wallS })),
      medianWallS: median(scans.map((s) => s.wallS)),
      medianPeakRssMiB: median(scans.map((s) => s.peakRssMiB)),
      medianCliStartS: median(baseline.map((s) => s.wallS)),
      ratioToCliStart: round(median(scans.map((s) => s.wallS)) / median(baseline.map((s) => s.wallS)), 1),
      loadAverage1m: round(os.loadavg()[0]!, 2),
    };
    writeResult('scan-cli', result);
    log(
      table(
        ['run', 'wall s', 'peak RSS MiB', 'CLI start s'],
        result.runs.map((r, i) => [i + 1, r.wallS, r.peakRssMiB, r.cliStartS]),
      ),
    );
    process.stdout.write(
      `${JSON.stringify({ benchmark: 'scan-cli', wallS: result.medianWallS, peakRssMiB: result.medianPeakRssMiB, ratioToCliStart: result.ratioToCliStart, findings: result.findings })}\n`,
    );
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
