/**
 * The `rematch` benchmark: a portfolio of 2,000 product versions × 300 components (current SBOMs), then 1,000 new OSV
 * records imported: time until every new finding is stored; then one new record alone. Targets: < 5 s and < 1 s.
 * Baseline in the same run: importing the same 1,000 records into a database without SBOMs (storing records only).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadActor } from '../src/modules/members/actor-loader.ts';
import { importVulnData, uploadSbom } from '../src/modules/portfolio/index.ts';
import { makeOrg, makePerson } from '../test/support/factories.ts';
import { openBenchContext } from './lib/bench-context.ts';
import { createBenchDatabase, dropBenchDatabases, parseEngineArgs } from './lib/bench-database.ts';
import { log, machine, round, writeResult } from './lib/report.ts';
import { generateOsvZips, generateSbom } from './lib/scale-data.ts';

export async function main(args: string[]): Promise<number> {
  const opts = parseEngineArgs(args, { versions: '2000', components: '300', base: '20000' });
  if (!opts) return 2;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-bench-rematch-'));
  const dbName = 'isao_bench_rematch';
  const serverUrl = opts.engine === 'postgres' ? opts['database-url']! : undefined;
  try {
    const zip = (records: number, seed: number, prefix: string) =>
      generateOsvZips(records, seed, prefix).map((z, i) => {
        const p = path.join(work, `${prefix}-${i}.zip`);
        fs.writeFileSync(p, z);
        return p;
      });
    const basePaths = zip(Number(opts.base), 21, 'BASE');
    const newPaths = zip(1000, 22, 'NEW');
    const onePath = zip(1, 23, 'ONE');
    const open = async (name: string) => {
      if (!serverUrl) return openBenchContext(path.join(work, name));
      return openBenchContext(work, await createBenchDatabase(work, serverUrl, name));
    };

    // Baseline: the same 1,000 records into a database with the base records but no SBOMs.
    const bare = await open(`${dbName}_bare`);
    await importVulnData(bare, basePaths);
    const b0 = performance.now();
    await importVulnData(bare, newPaths);
    const baselineMs = performance.now() - b0;
    await bare.db.close();
    log(`baseline (records only): ${round(baselineMs)} ms`);

    const ctx = await open(dbName);
    await importVulnData(ctx, basePaths);
    const org = await makeOrg(ctx.db, 'manufacturer', { name: 'Rematch Devices' });
    const person = await makePerson(ctx.db, org.id, ['analyst']);
    const actor = (await loadActor(ctx.db, person.id))!;
    const versions = Number(opts.versions);
    const perProduct = 10;
    log(`uploading ${versions} SBOMs of ${opts.components} components…`);
    const setup0 = performance.now();
    for (let p = 0; p < versions / perProduct; p++) {
      const [product] = await ctx.db.query<{ id: string }>(
        `INSERT INTO products (owner_org_id, name, created_by, created_at) VALUES ($1, $2, $3, now()) RETURNING id`,
        [org.id, `Device ${p}`, person.id],
      );
      for (let v = 0; v < perProduct; v++) {
        const [version] = await ctx.db.query<{ id: string }>(
          `INSERT INTO product_versions (product_id, version, created_at) VALUES ($1, $2, now()) RETURNING id`,
          [product!.id, `${v}.0`],
        );
        await uploadSbom(
          ctx,
          actor,
          version!.id,
          Buffer.from(generateSbom(Number(opts.components), 1000 + p * perProduct + v)),
          'sbom.json',
          'bench',
        );
      }
      if (p % 20 === 19) log(`  ${(p + 1) * perProduct} SBOMs (${round((performance.now() - setup0) / 1000)} s)`);
    }
    const [{ n: findingsBefore }] = (await ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM findings')) as [{ n: string }];
    log(`setup done in ${round((performance.now() - setup0) / 1000)} s, ${findingsBefore} findings`);

    const t0 = performance.now();
    const batch = await importVulnData(ctx, newPaths);
    const batchMs = performance.now() - t0;
    const t1 = performance.now();
    const single = await importVulnData(ctx, onePath);
    const singleMs = performance.now() - t1;
    const [{ n: components }] = (await ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM sbom_components')) as [{ n: string }];
    await ctx.db.close();

    const result = {
      benchmark: 'rematch',
      machine: machine(),
      engine: opts.engine,
      portfolio: {
        versions,
        componentsPerSbom: Number(opts.components),
        components: Number(components),
        baseRecords: Number(opts.base),
        findingsBefore: Number(findingsBefore),
      },
      thousandNewRecords: {
        ms: round(batchMs),
        findingsOpened: batch.findingsOpened,
        baselineRecordsOnlyMs: round(baselineMs),
        ratioToBaseline: round(batchMs / baselineMs, 1),
      },
      oneNewRecord: { ms: round(singleMs), findingsOpened: single.findingsOpened },
      targets: { thousandMs: 5000, oneMs: 1000 },
      pass: batchMs < 5000 && singleMs < 1000,
      loadAverage1m: round(os.loadavg()[0]!, 2),
    };
    writeResult(`rematch${opts.engine === 'postgres' ? '-postgres' : ''}`, result);
    log(
      `1,000 new records: ${round(batchMs)} ms, ${batch.findingsOpened} findings; one record: ${round(singleMs)} ms, ${single.findingsOpened} findings → ${result.pass ? 'PASS' : 'FAIL'}`,
    );
    process.stdout.write(
      `${JSON.stringify({ benchmark: 'rematch', engine: opts.engine, thousandMs: result.thousandNewRecords.ms, oneMs: result.oneNewRecord.ms, pass: result.pass })}\n`,
    );
    return 0;
  } finally {
    if (serverUrl) await dropBenchDatabases(work, serverUrl, [dbName, `${dbName}_bare`]);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
