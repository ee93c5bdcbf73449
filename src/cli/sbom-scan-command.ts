import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { VulnIndex, matchSbom } from '../modules/matching/index.ts';
import { SbomParseError, parseSbom } from '../modules/sbom/index.ts';
import { toJsonReport, toTable } from '../modules/scan/scan-report.ts';
import { VulnDataError, VulnDb, loadVulnFiles } from '../modules/vulndb/index.ts';
import type { CommandIo } from './command-env.ts';

/** Options of `isao sbom scan`. */
export interface ScanOptions {
  vulndb: string[];
  format: 'table' | 'json';
}

const maxSbomBytes = 1024 * 1024 * 1024;

/** `isao sbom scan FILE… --vulndb PATH…`: offline, no server or database. Exit 1 with findings, 0 without, 2 on error. */
export async function runSbomScan(
  files: string[],
  options: ScanOptions,
  io: CommandIo,
  progress?: (line: string) => void,
): Promise<number> {
  if (files.length === 0 || options.vulndb.length === 0) {
    io.err('Usage: isao sbom scan FILE… --vulndb PATH… [--format table|json]');
    return 2;
  }
  const db = new VulnDb();
  const started = Date.now();
  try {
    let last = 0;
    const report = await loadVulnFiles(db, options.vulndb, {
      onProgress: (n) => {
        if (progress && Date.now() - last > 200) {
          last = Date.now();
          progress(`loading vulnerability data: ${n} files`);
        }
      },
    });
    progress?.('');
    io.err(
      `Vulnerability data: ${db.records.size} records from ${report.files} files` +
        (db.kev.size > 0
          ? `, KEV ${db.kev.size} entries${db.kevCatalogVersion ? ` (${db.kevCatalogVersion})` : ''}`
          : ', no KEV catalogue') +
        (db.epss.size > 0
          ? `, EPSS ${db.epss.size} scores${db.epssScoreDate ? ` (${db.epssScoreDate.slice(0, 10)})` : ''}`
          : ', no EPSS scores') +
        ` (${((Date.now() - started) / 1000).toFixed(1)} s).`,
    );
    if (report.problems.length > 0) {
      io.err(`${report.problems.length} vulnerability file(s) or record(s) could not be read and were skipped:`);
      for (const p of report.problems.slice(0, 10)) io.err(`  ${p.place}: ${p.message}`);
      if (report.problems.length > 10) io.err(`  … and ${report.problems.length - 10} more.`);
    }
  } catch (e) {
    if (e instanceof VulnDataError) {
      io.err(`Cannot read the vulnerability data: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const index = new VulnIndex(db);
  let findings = 0;
  let failed = false;
  for (const file of files) {
    try {
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new SbomParseError('no such file', file);
      if (info.size > maxSbomBytes) throw new SbomParseError(`larger than ${maxSbomBytes} bytes`, file);
      const match = matchSbom(parseSbom(await readFile(file), { fileName: file }), index);
      findings += match.findings.length;
      io.out(options.format === 'json' ? JSON.stringify(toJsonReport(file, match)) : toTable(file, match));
    } catch (e) {
      if (!(e instanceof SbomParseError)) throw e;
      failed = true;
      io.err(`${file}: not a readable SBOM: ${e.message}`);
    }
  }
  return failed ? 2 : findings > 0 ? 1 : 0;
}

/** Registers `isao sbom …` on the program; `dbAction` runs database commands (through the server when it holds the database). */
export function registerSbomCommands(
  program: Command,
  dbAction: (name: string, pick: (...a: unknown[]) => Record<string, unknown>) => (...a: unknown[]) => Promise<void>,
): void {
  const sbom = program.command('sbom').description('software bills of materials');
  sbom
    .command('upload')
    .description('upload the SBOM of a product version (stored, quality-checked and matched at once)')
    .argument('<file>', 'CycloneDX (JSON/XML) or SPDX (JSON, tag-value, 3.0 JSON-LD)')
    .requiredOption('--product <product>', 'product name or id (of the person’s organisation)')
    .requiredOption('--version <version>', 'the product version (create it in the web UI or the API first)')
    .requiredOption('--as <email>', 'the manufacturer’s person the upload is made and audited as')
    .action(dbAction('sbom upload', (file, opts) => ({ file: path.resolve(file as string), ...(opts as object) })));
  sbom
    .command('scan')
    .description(
      'match SBOM files against vulnerability data offline (no server, no database); exit 1 with findings, 0 without, 2 on error',
    )
    .argument('<files...>', 'CycloneDX (JSON/XML) or SPDX (JSON, tag-value, 3.0 JSON-LD) files')
    .requiredOption('--vulndb <paths...>', 'OSV files, folders or all.zip archives, CVE JSON 5 records, KEV JSON, EPSS CSV')
    .option('--format <format>', 'table or json (one JSON object per SBOM, one per line)', 'table')
    .action(async (files: string[], opts: { vulndb: string[]; format: string }) => {
      if (opts.format !== 'table' && opts.format !== 'json') {
        process.stderr.write(`--format must be table or json, not "${opts.format}".\n`);
        process.exitCode = 2;
        return;
      }
      const tty = process.stderr.isTTY;
      process.exitCode = await runSbomScan(
        files,
        { vulndb: opts.vulndb, format: opts.format },
        { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
        tty ? (line) => process.stderr.write(`\r${line.padEnd(60)}${line ? '' : '\r'}`) : undefined,
      );
    });
}
