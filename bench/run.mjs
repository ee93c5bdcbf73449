#!/usr/bin/env node
// Entry of `npm run bench -- <name> [options]`: runs bench/<name>.ts through tsx (no build step).
import { register } from 'tsx/esm/api';

const benchmarks = {
  api: 'HTTP throughput and p99 of /api/v1/me and the policy-filtered notice list vs /healthz (PGlite and PostgreSQL)',
  startup: 'time from spawning `isao serve` on an existing data directory to the first 200 from /readyz',
  'sbom-scale': 'a 300,000-component CycloneDX SBOM ingested and matched against 200,000 OSV records, vs JSON.parse of the file',
  rematch: '2,000 product versions x 300 components; time until the findings of 1,000 new OSV records (and of one) are stored',
  'scan-cli': '`isao sbom scan` of the juice-shop SBOM against the Go and PyPI OSV databases and a generated npm set',
  'csaf-import': 'the 98 CISA medical advisories (CSAF) into an empty database, validator import included; warm validation per document',
  'report-intake': '200 vulnerability reports submitted at once over HTTP: p50/p99 latency, none lost or duplicated, vs GET /healthz',
  fanout: 'two isao serve nodes (PostgreSQL + NATS), 1,000 stream subscribers, a post every 10 ms for 30 s: p50/p99 delivery, lost/duplicated, vs a bare ws broadcast',
  resume: 'the fanout run for 20 s with node B killed at 10 s: time until its clients have resumed on node A, no gap and no duplicate for any client',
  'forum-search': '1,000,000 forum posts in 20,000 threads over 50 organisations (PostgreSQL): p95 of GET /api/v1/forum/search for one member over 50 queries',
};

function usage() {
  process.stderr.write(
    [
      'usage: npm run bench -- <name> [options]',
      '',
      'benchmarks:',
      ...Object.entries(benchmarks).map(([name, text]) => `  ${name.padEnd(9)} ${text}`),
      '',
      'options:',
      '  api      --engine pglite|postgres|both (default both)  --duration <s> (default 20)  --connections <n> (default 50)',
      '           --notices <n> (default 10000)  --loadgen child|inproc (default child)  --diagnose yes|no (default no)',
      '           --database-url <url> (default $ISAO_BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)',
      '  startup  --runs <n> (default 5)',
      '  sbom-scale --components <n> (300000)  --records <n> (200000)  --engine pglite|postgres (pglite)',
      '  rematch  --versions <n> (2000)  --components <n> (300)  --base <records> (20000)  --engine pglite|postgres (pglite)',
      '  csaf-import --engine pglite|postgres (pglite)',
      '  report-intake --reports <n> (200)  --engine pglite|postgres (pglite)',
      '  fanout   --subscribers <n> (1000)  --duration <s> (30)  --interval <ms> (10)  --posters <n> (200, raised to stay under 20 posts/min each)',
      '           --orgs <n> (20)  --loadgens <processes> (2)  --drain <s> (10)  --baseline yes|no (yes)  --kill-node yes|no (no)  --kill-at <s> (10)',
      '           --database-url <url> (default as api)  --nats-url <url> (default $ISAO_BENCH_NATS_URL or nats://127.0.0.1:4222)',
      '           --label <name> (writes results/fanout-<name>.json)',
      '  resume   the options of fanout; defaults --duration 20 --kill-node yes --kill-at 10 --baseline no',
      '  forum-search --posts <n> (1000000)  --threads <n> (20000)  --queries <n> (50)  --passes <n> (3)  --database-url <url>',
      '           --keep yes|no (no: drop the database afterwards)  --reuse <database> (query a database kept by an earlier run)',
      '  scan-cli --shared <data folder> (default ../shared/data)  --npm <records> (default 50000)  --runs <n> (default 3)',
      '',
    ].join('\n'),
  );
}

const [name, ...args] = process.argv.slice(2);
if (!name || !Object.hasOwn(benchmarks, name)) {
  if (name && name !== '--help' && name !== '-h') process.stderr.write(`Unknown benchmark: ${name}\n\n`);
  usage();
  process.exit(2);
}

register();
const mod = await import(`./${name}.ts`);
try {
  process.exitCode = await mod.main(args);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
// Pools, timers or a lingering child must not keep a finished benchmark alive.
setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
