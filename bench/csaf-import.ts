/**
 * The `csaf-import` benchmark: the 98 CISA medical advisories (test/fixtures/csaf/icsma) imported into an empty database,
 * the validator's import included (it is loaded on first use, inside the measured time); then the validation time per
 * document once the validator is warm. Targets: < 10 s in all, < 20 ms per document warm.
 * Baseline in the same run: reading and JSON.parse of the same files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importAdvisory } from '../src/modules/advisories/index.ts';
import { validateCsaf } from '../src/modules/csaf/index.ts';
import { loadActor } from '../src/modules/members/actor-loader.ts';
import { makeOrg, makePerson } from '../test/support/factories.ts';
import { openBenchContext } from './lib/bench-context.ts';
import { createBenchDatabase, dropBenchDatabases, parseEngineArgs } from './lib/bench-database.ts';
import { log, machine, round, writeResult } from './lib/report.ts';

const icsmaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/csaf/icsma');

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function main(args: string[]): Promise<number> {
  const opts = parseEngineArgs(args, {});
  if (!opts) return 2;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-bench-csaf-'));
  const dbName = 'isao_bench_csaf';
  const serverUrl = opts.engine === 'postgres' ? opts['database-url']! : undefined;
  try {
    const files = fs
      .readdirSync(icsmaDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(icsmaDir, f));

    // Baseline: read and parse every file.
    const b0 = performance.now();
    for (const f of files) JSON.parse(fs.readFileSync(f, 'utf8'));
    const baselineMs = performance.now() - b0;

    const ctx = await openBenchContext(work, serverUrl ? await createBenchDatabase(work, serverUrl, dbName) : undefined);
    const org = await makeOrg(ctx.db, 'operator', { name: 'Bench ISAO' });
    const person = await makePerson(ctx.db, org.id, ['platform_admin']);
    const actor = (await loadActor(ctx.db, person.id))!;

    // Empty database to every advisory stored: reading, validator import (first use), validation, storing, matching.
    const t0 = performance.now();
    let firstMs = 0;
    const outcomes: Record<string, number> = {};
    for (const [i, f] of files.entries()) {
      const r = await importAdvisory(ctx, actor, fs.readFileSync(f), { ip: null, via: 'cli' });
      outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      if (i === 0) firstMs = performance.now() - t0;
    }
    const totalMs = performance.now() - t0;
    const [{ n: stored }] = (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM advisories')) as [{ n: number }];

    // Warm validation: every document again, strict schema + mandatory + optional tests, as the import runs them.
    const docs = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as unknown);
    const times: number[] = [];
    for (const doc of docs) {
      const s = performance.now();
      const v = await validateCsaf(doc, { optional: true });
      times.push(performance.now() - s);
      if (!v.isValid) throw new Error('a fixture failed validation');
    }
    times.sort((a, b) => a - b);
    const meanMs = times.reduce((a, b) => a + b, 0) / times.length;
    await ctx.db.close();

    const result = {
      benchmark: 'csaf-import',
      machine: machine(),
      engine: opts.engine,
      documents: files.length,
      stored,
      outcomes,
      import: {
        totalMs: round(totalMs),
        documentsPerSecond: round((files.length / totalMs) * 1000),
        firstDocumentMs: round(firstMs),
        baselineReadAndParseMs: round(baselineMs),
        ratioToBaseline: round(totalMs / baselineMs),
      },
      warmValidationMs: {
        mean: round(meanMs, 2),
        p50: round(percentile(times, 0.5), 2),
        p95: round(percentile(times, 0.95), 2),
        max: round(times.at(-1)!, 2),
      },
      targets: { totalMs: 10_000, warmValidationMs: 20 },
      pass: totalMs < 10_000 && percentile(times, 0.95) < 20 && stored === files.length,
      loadAverage1m: round(os.loadavg()[0]!, 2),
    };
    writeResult(`csaf-import${opts.engine === 'postgres' ? '-postgres' : ''}`, result);
    log(
      `${files.length} advisories in ${round(totalMs / 1000, 2)} s (${result.import.documentsPerSecond}/s; first, with the validator's import: ` +
        `${round(firstMs)} ms); warm validation p50 ${result.warmValidationMs.p50} ms, p95 ${result.warmValidationMs.p95} ms → ${result.pass ? 'PASS' : 'FAIL'}`,
    );
    process.stdout.write(
      `${JSON.stringify({ benchmark: 'csaf-import', engine: opts.engine, totalMs: result.import.totalMs, warmP95Ms: result.warmValidationMs.p95, pass: result.pass })}\n`,
    );
    return 0;
  } finally {
    if (serverUrl) await dropBenchDatabases(work, serverUrl, [dbName]);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
