/**
 * The `sbom-scale` benchmark: a generated CycloneDX JSON SBOM of 300,000 components ingested (parsed, stored, quality
 * checked) and matched against 200,000 generated OSV records over npm, Maven, PyPI and Go, through the same service
 * as `PUT /api/v1/product-versions/:id/sbom`, in a child process. Baseline: JSON.parse of the same file in a child
 * process of the same run. Targets: < 60 s, peak RSS < 1.5 GB, ratio < 15.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importVulnData } from '../src/modules/portfolio/index.ts';
import { makeOrg, makePerson } from '../test/support/factories.ts';
import { openBenchContext } from './lib/bench-context.ts';
import { createBenchDatabase, dropBenchDatabases, parseEngineArgs } from './lib/bench-database.ts';
import { log, machine, round, writeResult } from './lib/report.ts';
import { generateOsvZips, generateSbom } from './lib/scale-data.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function child(args: string[]): { out: string; err: string; status: number | null } {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, cwd: path.resolve(here, '..') });
  return { out: r.stdout, err: r.stderr, status: r.status };
}

export async function main(args: string[]): Promise<number> {
  const opts = parseEngineArgs(args, { components: '300000', records: '200000' });
  if (!opts) return 2;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-bench-scale-'));
  let databaseUrl: string | undefined;
  try {
    const components = Number(opts.components);
    const records = Number(opts.records);
    log(`generating a ${components}-component SBOM and ${records} OSV records…`);
    const sbomPath = path.join(work, 'scale.cdx.json');
    fs.writeFileSync(sbomPath, generateSbom(components));
    const zipPaths = generateOsvZips(records).map((zip, i) => {
      const p = path.join(work, `osv-${i}.zip`);
      fs.writeFileSync(p, zip);
      return p;
    });
    if (opts.engine === 'postgres') databaseUrl = await createBenchDatabase(work, opts['database-url']!, 'isao_bench_scale');
    const dataDir = path.join(work, 'data');
    const ctx = await openBenchContext(dataDir, databaseUrl);
    const org = await makeOrg(ctx.db, 'manufacturer', { name: 'Scale Devices' });
    const person = await makePerson(ctx.db, org.id, ['analyst']);
    const [product] = await ctx.db.query<{ id: string }>(
      `INSERT INTO products (owner_org_id, name, created_by, created_at) VALUES ($1, 'Scale monitor', $2, now()) RETURNING id`,
      [org.id, person.id],
    );
    const [version] = await ctx.db.query<{ id: string }>(
      `INSERT INTO product_versions (product_id, version, created_at) VALUES ($1, '1.0', now()) RETURNING id`,
      [product!.id],
    );
    log('importing the vulnerability database (setup, timed for information)…');
    const importStart = performance.now();
    const imported = await importVulnData(ctx, zipPaths);
    const importMs = performance.now() - importStart;
    // The import's dirty pages and WAL are the setup's: written out now, not during the measured ingest.
    if (opts.engine === 'postgres') await ctx.db.exec('CHECKPOINT');
    await ctx.db.close();
    log(`imported ${imported.stored.added} records in ${round(importMs / 1000)} s`);

    log('baseline: JSON.parse of the same file…');
    const base = child([
      '-e',
      `const fs=require('fs');const t=performance.now();const d=JSON.parse(fs.readFileSync(${JSON.stringify(sbomPath)},'utf8'));process.stdout.write(JSON.stringify({ms:performance.now()-t,n:d.components.length,maxRssMiB:process.resourceUsage().maxRSS/1024}))`,
    ]);
    if (base.status !== 0) throw new Error(base.err);
    const baseline = JSON.parse(base.out) as { ms: number; n: number; maxRssMiB: number };
    log(`JSON.parse: ${round(baseline.ms)} ms`);

    log('ingest and match…');
    const run = child([
      ...(process.env.ISAO_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      path.join(here, 'lib/scale-ingest-child.ts'),
      dataDir,
      sbomPath,
      version!.id,
      person.id,
      databaseUrl ?? '',
    ]);
    if (run.status !== 0) throw new Error(run.err);
    const ingest = JSON.parse(run.out.trim().split('\n').at(-1)!) as {
      ms: number;
      cpuMs: number;
      components: number;
      openFindings: number;
      maxRssMiB: number;
    };
    const ratio = ingest.ms / baseline.ms;
    const result = {
      benchmark: 'sbom-scale',
      machine: machine(),
      engine: opts.engine,
      input: { components, sbomBytes: fs.statSync(sbomPath).size, osvRecords: records },
      setup: { vulnImportS: round(importMs / 1000), recordsStored: imported.stored.added },
      baseline: { jsonParseMs: round(baseline.ms), maxRssMiB: round(baseline.maxRssMiB) },
      ingest: {
        wallS: round(ingest.ms / 1000, 2),
        // CPU of the ingest process (user + system) over the same span; the database server's is not included.
        processCpuS: round(ingest.cpuMs / 1000, 2),
        peakRssMiB: round(ingest.maxRssMiB),
        components: ingest.components,
        openFindings: ingest.openFindings,
      },
      ratioToJsonParse: round(ratio, 1),
      targets: { wallS: 60, peakRssMiB: 1536, ratio: 15 },
      pass: ingest.ms < 60_000 && ingest.maxRssMiB < 1536 && ratio < 15,
      loadAverage1m: round(os.loadavg()[0]!, 2),
    };
    writeResult(`sbom-scale${opts.engine === 'postgres' ? '-postgres' : ''}`, result);
    log(
      `ingest ${result.ingest.wallS} s, peak RSS ${result.ingest.peakRssMiB} MiB, ${result.ingest.openFindings} open findings, ratio ${result.ratioToJsonParse} → ${result.pass ? 'PASS' : 'FAIL'}`,
    );
    process.stdout.write(
      `${JSON.stringify({ benchmark: 'sbom-scale', engine: opts.engine, wallS: result.ingest.wallS, peakRssMiB: result.ingest.peakRssMiB, ratio: result.ratioToJsonParse, pass: result.pass })}\n`,
    );
    return 0;
  } finally {
    if (databaseUrl) await dropBenchDatabases(work, opts['database-url']!, ['isao_bench_scale']);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
