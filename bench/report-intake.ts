/**
 * The `report-intake` benchmark: 200 vulnerability reports submitted at once over HTTP (each with its own solved
 * proof of work) to a server on PGlite or PostgreSQL; p50/p99 latency; then every report is checked: none lost, none
 * stored twice, every tracking token opens its own report. Baseline in the same run: 200 concurrent GET /healthz.
 * Target: p99 reported; zero lost or duplicated.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { solveProof } from '../src/modules/disclosure/report-checks.ts';
import { buildApp } from '../src/server/app.ts';
import { openBenchContext } from './lib/bench-context.ts';
import { createBenchDatabase, dropBenchDatabases, parseEngineArgs } from './lib/bench-database.ts';
import { log, machine, round, writeResult } from './lib/report.ts';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export async function main(args: string[]): Promise<number> {
  const opts = parseEngineArgs(args, { reports: '200' });
  if (!opts) return 2;
  const n = Number(opts.reports);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-bench-reports-'));
  const dbName = 'isao_bench_reports';
  const serverUrl = opts.engine === 'postgres' ? opts['database-url']! : undefined;
  try {
    const env = { ISAO_REPORT_LIMIT_PER_HOUR: '100000' };
    const ctx = await openBenchContext(work, serverUrl ? await createBenchDatabase(work, serverUrl, dbName) : undefined, env);
    const app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

    // Challenges fetched and solved first (the browser's work), so the measurement is the server's intake.
    log(`solving ${n} proofs of work…`);
    const proofs = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${base}/api/v1/reports/challenge`);
      if (res.status !== 200) throw new Error(`the challenge endpoint answered ${res.status}: ${await res.text()}`);
      const c = (await res.json()) as { challenge: string; difficulty: number };
      proofs.push({ challenge: c.challenge, nonce: solveProof(c.challenge, c.difficulty) });
    }

    const health = await Promise.all(Array.from({ length: n }, () => timed(() => fetch(`${base}/healthz`).then((r) => r.status))));
    const bodies = proofs.map((proof, i) => ({
      vendorName: `Vendor ${i % 17}`,
      productName: `Device ${i % 23}`,
      productVersion: `${i % 5}.0`,
      title: `Benchmark report number ${i}`,
      description: `Report ${i}: the device accepts unauthenticated commands on its service port ${1000 + i} and more words.`,
      contact: { name: `Researcher ${i}` },
      proof,
    }));
    log(`submitting ${n} reports at once…`);
    const wall0 = performance.now();
    const results = await Promise.all(
      bodies.map((b) =>
        timed(async () => {
          const res = await fetch(`${base}/api/v1/reports`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(b),
          });
          return { status: res.status, body: (await res.json()) as { reference?: string; trackingToken?: string } };
        }),
      ),
    );
    const wallMs = performance.now() - wall0;

    const ok = results.filter((r) => r.value.status === 201);
    const [{ stored }] = (await ctx.db.query<{ stored: number }>('SELECT count(*)::int AS stored FROM reports')) as [{ stored: number }];
    const [{ distinct }] = (await ctx.db.query<{ distinct: number }>('SELECT count(DISTINCT title)::int AS distinct FROM reports')) as [
      { distinct: number },
    ];
    const references = new Set(ok.map((r) => r.value.body.reference));
    let tokensOk = 0;
    for (const [i, r] of results.entries()) {
      if (r.value.status !== 201) continue;
      const view = (await (await fetch(`${base}/api/v1/reports/track/${r.value.body.trackingToken}`)).json()) as { title?: string };
      if (view.title === bodies[i]!.title) tokensOk++;
    }
    await app.close();
    await ctx.db.close();

    const lat = results.map((r) => r.ms).sort((a, b) => a - b);
    const hl = health.map((r) => r.ms).sort((a, b) => a - b);
    const result = {
      benchmark: 'report-intake',
      machine: machine(),
      engine: opts.engine,
      reports: n,
      accepted: ok.length,
      refused: results.filter((r) => r.value.status !== 201).map((r) => r.value.status),
      stored,
      lost: n - stored,
      duplicated: stored - distinct,
      distinctReferences: references.size,
      trackingTokensOpeningTheirReport: tokensOk,
      latencyMs: { p50: round(percentile(lat, 0.5)), p99: round(percentile(lat, 0.99)), max: round(lat.at(-1)!) },
      wallMs: round(wallMs),
      reportsPerSecond: round((n / wallMs) * 1000),
      baselineHealthzMs: { p50: round(percentile(hl, 0.5)), p99: round(percentile(hl, 0.99)) },
      ratioP99ToBaseline: round(percentile(lat, 0.99) / percentile(hl, 0.99)),
      pass: ok.length === n && stored === n && distinct === n && tokensOk === n,
      loadAverage1m: round(os.loadavg()[0]!, 2),
    };
    writeResult(`report-intake${opts.engine === 'postgres' ? '-postgres' : ''}`, result);
    log(
      `${n} concurrent reports: ${ok.length} accepted, ${stored} stored, lost ${result.lost}, duplicated ${result.duplicated}; ` +
        `p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms (healthz p99 ${result.baselineHealthzMs.p99} ms) → ${result.pass ? 'PASS' : 'FAIL'}`,
    );
    process.stdout.write(
      `${JSON.stringify({ benchmark: 'report-intake', engine: opts.engine, p99Ms: result.latencyMs.p99, lost: result.lost, duplicated: result.duplicated, pass: result.pass })}\n`,
    );
    return 0;
  } finally {
    if (serverUrl) await dropBenchDatabases(work, serverUrl, [dbName]);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
