/**
 * The `api` benchmark: authenticated GET /api/v1/me and the policy-filtered notice list
 * (10,000 shared notices, actors of different organisations) against GET /healthz in the same run,
 * 50 connections for 20 s each, on PGlite and on PostgreSQL.
 * Target: the filtered list keeps >= 25 % of the /healthz throughput with p99 < 100 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import pg from 'pg';
import { loadActor } from '../src/modules/members/actor-loader.ts';
import { type SharedRow, SqlParams, canRead, sharedColumns, sharedItemFromRow, visibleFilter } from '../src/modules/policy/index.ts';
import { loadConfig } from '../src/server/config.ts';
import type { Db } from '../src/server/db/client.ts';
import { startServer } from '../src/server/main.ts';
import { type LoadGenerator, type LoadResult, childGenerator, inProcessGenerator } from './lib/load.ts';
import { UsageError, cpuMsOf, log, machine, parseArgs, round, table, writeResult } from './lib/report.ts';
import { SEED_PASSWORD, type Seeded, seed } from './lib/seed.ts';

const TARGET_RATIO = 0.25;
const TARGET_P99_MS = 100;
const ADMIN_EMAIL = 'admin@bench.example';
const ADMIN_PASSWORD = 'bench admin password 2026';
const BENCH_DB = 'isao_bench';

type Engine = 'pglite' | 'postgres';

// A new notice like a random existing one (same label, audience and recipients), shared now.
const COPY_A_NOTICE = `INSERT INTO notices (title, body, tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids,
    group_id, anonymous, embargo_until, created_at, updated_at)
  SELECT title, body, tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids, group_id, anonymous, NULL,
    now(), now()
  FROM notices ORDER BY random() LIMIT 1`;

interface ActorInfo {
  label: string;
  email: string;
  orgKind: string;
  orgName: string;
  sees: number;
  fraction: number;
}

interface EngineResult {
  engine: Engine;
  seed: { organisations: number; people: number; groups: number; notices: number; seedMs: number };
  actors: ActorInfo[];
  runs: { healthz: RunSummary; me: RunSummary; notices: RunSummary };
  /** With --diagnose: variations of the list that separate its costs (not part of the target). */
  diagnostics?: Record<string, RunSummary>;
  targets: {
    ratio: number;
    ratioTarget: number;
    p99Ms: number;
    p99TargetMs: number;
    ratioMet: boolean;
    p99Met: boolean;
    noErrors: boolean;
    met: boolean;
  };
}

type Measured = LoadResult & {
  serverCpuPercent: number;
  serverCpuMsPerRequest: number;
  /** PostgreSQL only: CPU of the database's backends serving the server's pool, per request. */
  databaseCpuMsPerRequest: number | null;
  /** How late the server's event loop ran timers during the run (PGlite executes on it). */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  loadAverage1m: { before: number; after: number };
};
type RunSummary = Measured & { ratioToHealthz: number };

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Signs a person in and returns the Cookie header of the session. */
async function signIn(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}: ${await res.text()}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('isao_session='));
  if (!session) throw new Error(`sign-in of ${email} set no isao_session cookie`);
  return session.split(';')[0]!;
}

/** The actors: one person in each of eight organisations of different kinds and group memberships. */
function chooseActors(s: Seeded): { label: string; email: string }[] {
  const orgOf = (id: string) => s.orgs.find((o) => o.id === id)!;
  const inGroups = (orgId: string) => s.groups.filter((g) => g.memberOrgIds.includes(orgId)).length;
  const person = (kind: string, role: string, pred: (orgId: string) => boolean = () => true) => {
    const p = s.people.find((x) => orgOf(x.orgId).kind === kind && x.roles.includes(role as never) && pred(x.orgId) && !used.has(x.orgId));
    if (!p) throw new Error(`no ${kind} ${role} to sign in`);
    used.add(p.orgId);
    return p.email;
  };
  const used = new Set<string>();
  return [
    { label: 'operator platform admin', email: ADMIN_EMAIL },
    { label: 'manufacturer analyst (3 groups)', email: person('manufacturer', 'analyst', (o) => inGroups(o) >= 3) },
    { label: 'manufacturer member (no group)', email: person('manufacturer', 'member', (o) => inGroups(o) === 0) },
    { label: 'hdo analyst (groups)', email: person('hdo', 'analyst', (o) => inGroups(o) >= 2) },
    { label: 'hdo read-only (no group)', email: person('hdo', 'read_only', (o) => inGroups(o) === 0) },
    { label: 'researcher analyst', email: person('researcher', 'analyst') },
    { label: 'partner analyst', email: person('partner', 'analyst') },
    { label: 'observer member', email: person('observer', 'member', (o) => inGroups(o) === 0) },
  ];
}

/** How many notices each actor may read: counted by the list's SQL predicate and checked against canRead(). */
async function visibility(db: Db, actors: { label: string; email: string }[], total: number): Promise<ActorInfo[]> {
  const rows = await db.query<SharedRow>(
    'SELECT tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids, group_id, anonymous, embargo_until FROM notices',
  );
  const now = new Date();
  const out: ActorInfo[] = [];
  for (const a of actors) {
    const person = await db.query<{ id: string }>('SELECT id FROM people WHERE lower(email) = $1', [a.email]);
    const actor = await loadActor(db, person[0]!.id);
    if (!actor) throw new Error(`cannot load ${a.email}`);
    const params = new SqlParams();
    const where = visibleFilter(actor, now, params, sharedColumns('n'));
    const counted = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notices n WHERE ${where}`, params.values))[0]!.n;
    const byPolicy = rows.filter((r) => canRead(actor, sharedItemFromRow(r), now)).length;
    if (byPolicy !== counted) throw new Error(`policy mismatch for ${a.email}: SQL sees ${counted}, canRead ${byPolicy}`);
    out.push({
      label: a.label,
      email: a.email,
      orgKind: actor.orgKind,
      orgName: actor.orgName,
      sees: counted,
      fraction: round(counted / total, 3),
    });
  }
  return out;
}

async function runEngine(
  engine: Engine,
  opts: { duration: number; connections: number; databaseUrl: string; notices: number; diagnose: boolean },
  gen: LoadGenerator,
): Promise<EngineResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `isao-bench-api-${engine}-`));
  const env: NodeJS.ProcessEnv = {
    PORT: '0',
    ISAO_HOST: '127.0.0.1',
    ISAO_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ISAO_DEMO: '0',
    ISAO_ADMIN_EMAIL: ADMIN_EMAIL,
    ISAO_ADMIN_PASSWORD: ADMIN_PASSWORD,
  };
  if (engine === 'postgres') {
    await adminQuery(opts.databaseUrl, `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await adminQuery(opts.databaseUrl, `CREATE DATABASE ${BENCH_DB}`);
    env.DATABASE_URL = withDatabase(opts.databaseUrl, BENCH_DB);
  }
  log(`[${engine}] starting the server (data dir ${dataDir})`);
  const server = await startServer(loadConfig(env), { print: () => undefined });
  try {
    const url = server.url.replace('localhost', '127.0.0.1');
    const seeded = await seed(server.ctx.db, { notices: opts.notices });
    log(
      `[${engine}] seeded ${seeded.orgs.length} organisations, ${seeded.people.length} people, ${seeded.groups.length} groups, ${seeded.notices} notices in ${Math.round(seeded.seedMs)} ms`,
    );

    const chosen = chooseActors(seeded);
    const cookies: string[] = [];
    for (const a of chosen) cookies.push(await signIn(url, a.email, a.email === ADMIN_EMAIL ? ADMIN_PASSWORD : SEED_PASSWORD));
    const actors = await visibility(server.ctx.db, chosen, seeded.notices);
    log(
      table(
        ['actor', 'organisation', 'sees', `of ${seeded.notices}`],
        actors.map((a) => [a.label, a.orgName, a.sees, `${round(a.fraction * 100)} %`]),
      ),
    );

    // Every request of the runs must succeed: check each path once per actor first.
    const listPath = '/api/v1/notices?limit=50';
    for (const [i, cookie] of cookies.entries()) {
      for (const p of ['/api/v1/me', listPath]) {
        const res = await fetch(`${url}${p}`, { headers: { cookie } });
        if (res.status !== 200) throw new Error(`GET ${p} answered ${res.status}: ${await res.text()}`);
        if (p === listPath) {
          const body = (await res.json()) as { items: unknown[] };
          const expected = Math.min(50, actors[i]!.sees);
          if (body.items.length !== expected) throw new Error(`GET ${p} returned ${body.items.length} items, expected ${expected}`);
        }
      }
    }

    // Requests the load generator abandoned at the end of a run are still queued on the database:
    // one fresh request answers only after them (PGlite and the pg pool serve in order).
    const drain = async () => {
      await fetch(`${url}${listPath}`, { headers: { cookie: cookies[0]! } }).then((r) => r.arrayBuffer());
      await new Promise((resolve) => setTimeout(resolve, 300));
    };
    // The PostgreSQL backends of this database (the server's pool), to count the database's CPU too.
    const backendPids = async () =>
      (await server.ctx.db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).map((r) => r.pid);
    const cpuOf = (pids: number[]) => new Map(pids.map((pid) => [pid, cpuMsOf(pid)] as const));
    // Backends the pool closed meanwhile (idle timeout) drop out; new ones count from zero.
    const cpuSince = (before: Map<number, number | null>, pids: number[]) => {
      if (pids.length === 0) return null;
      let total = 0;
      for (const pid of pids) total += Math.max(0, (cpuMsOf(pid) ?? 0) - (before.get(pid) ?? 0));
      return total;
    };
    const measure = async (p: string, withCookies: boolean): Promise<Measured> => {
      const spec = { url, path: p, connections: opts.connections, cookies: withCookies ? cookies : undefined };
      await gen.run({ ...spec, duration: Math.min(3, opts.duration) }); // warm-up (JIT, pools, caches): not recorded
      await drain();
      const before = os.loadavg()[0]!;
      const dbBefore = cpuOf(engine === 'postgres' ? await backendPids() : []);
      const eld = monitorEventLoopDelay({ resolution: 10 });
      eld.enable();
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await gen.run({ ...spec, duration: opts.duration });
      const used = process.cpuUsage(cpu);
      eld.disable();
      const eventLoopDelayMs = { p50: round(eld.percentile(50) / 1e6), p99: round(eld.percentile(99) / 1e6), max: round(eld.max / 1e6) };
      const dbCpu = engine === 'postgres' ? cpuSince(dbBefore, await backendPids()) : null;
      const serverCpuPercent = round(((used.user + used.system) / 1000 / (performance.now() - started)) * 100);
      const serverCpuMsPerRequest = round((used.user + used.system) / 1000 / Math.max(1, result.requests), 3);
      const databaseCpuMsPerRequest = dbCpu === null ? null : round(dbCpu / Math.max(1, result.requests), 3);
      const loadAverage1m = { before: round(before, 2), after: round(os.loadavg()[0]!, 2) };
      await drain();
      if (result.errors + result.timeouts + result.non2xx > 0) {
        log(
          `[${engine}] WARNING GET ${p}: ${result.errors} errors (${result.timeouts} of them timeouts after 10 s), ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodes)})`,
        );
      }
      log(
        `[${engine}] GET ${p}: ${Math.round(result.reqPerSec)} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, server process CPU ${serverCpuPercent} % (${serverCpuMsPerRequest} ms/request)${databaseCpuMsPerRequest === null ? '' : `, PostgreSQL backends ${databaseCpuMsPerRequest} ms/request`}, event loop delay p99 ${eventLoopDelayMs.p99} ms (max ${eventLoopDelayMs.max}), load average ${loadAverage1m.before} -> ${loadAverage1m.after}`,
      );
      return { ...result, serverCpuPercent, serverCpuMsPerRequest, databaseCpuMsPerRequest, eventLoopDelayMs, loadAverage1m };
    };
    const healthz = await measure('/healthz', false);
    const me = await measure('/api/v1/me', true);
    const notices = await measure(listPath, true);
    const ratio = (r: LoadResult) => round(r.reqPerSec / healthz.reqPerSec, 3);
    const listRatio = ratio(notices);
    let diagnostics: Record<string, RunSummary> | undefined;
    if (opts.diagnose) {
      diagnostics = {};
      // Same policy filter, a fifth of the payload: how much is rows and bytes rather than per-request work.
      const small = await measure('/api/v1/notices?limit=10', true);
      diagnostics.noticesLimit10 = { ...small, ratioToHealthz: ratio(small) };
      // Signed out: no session lookup, only public notices.
      const anonymous = await measure(listPath, false);
      diagnostics.noticesAnonymous = { ...anonymous, ratioToHealthz: ratio(anonymous) };
      // While a notice is shared every 100 ms: each write empties the read cache, so readers refill it.
      const timer = setInterval(() => void server.ctx.db.query(COPY_A_NOTICE).catch(() => undefined), 100);
      try {
        const busy = await measure(listPath, true);
        diagnostics.noticesWhileWriting = { ...busy, ratioToHealthz: ratio(busy) };
      } finally {
        clearInterval(timer);
      }
      // Without the read cache (ISAO_READ_CACHE=0): every request resolves its session and queries its page.
      server.ctx.db.changes.setEnabled(false);
      try {
        const me = await measure('/api/v1/me', true);
        diagnostics.meUncached = { ...me, ratioToHealthz: ratio(me) };
        const list = await measure(listPath, true);
        diagnostics.noticesUncached = { ...list, ratioToHealthz: ratio(list) };
      } finally {
        server.ctx.db.changes.setEnabled(true);
      }
    }
    return {
      engine,
      seed: {
        organisations: seeded.orgs.length,
        people: seeded.people.length,
        groups: seeded.groups.length,
        notices: seeded.notices,
        seedMs: Math.round(seeded.seedMs),
      },
      actors,
      runs: {
        healthz: { ...healthz, ratioToHealthz: 1 },
        me: { ...me, ratioToHealthz: ratio(me) },
        notices: { ...notices, ratioToHealthz: listRatio },
      },
      ...(diagnostics ? { diagnostics } : {}),
      targets: {
        ratio: listRatio,
        ratioTarget: TARGET_RATIO,
        p99Ms: notices.latencyMs.p99,
        p99TargetMs: TARGET_P99_MS,
        ratioMet: listRatio >= TARGET_RATIO,
        p99Met: notices.latencyMs.p99 < TARGET_P99_MS,
        noErrors: notices.errors + notices.non2xx === 0,
        met: listRatio >= TARGET_RATIO && notices.latencyMs.p99 < TARGET_P99_MS && notices.errors + notices.non2xx === 0,
      },
    };
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'postgres') await adminQuery(opts.databaseUrl, `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  }
}

export async function main(args: string[]): Promise<number> {
  let o;
  try {
    o = parseArgs(args, {
      engine: 'both',
      duration: '20',
      connections: '50',
      notices: '10000',
      loadgen: 'child',
      diagnose: 'no',
      'database-url': process.env.ISAO_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    if (!['pglite', 'postgres', 'both'].includes(o.engine!)) throw new UsageError('--engine must be pglite, postgres or both');
    if (!['yes', 'no'].includes(o.diagnose!)) throw new UsageError('--diagnose must be yes or no');
    if (!['child', 'inproc'].includes(o.loadgen!)) throw new UsageError('--loadgen must be child or inproc');
    for (const k of ['duration', 'connections', 'notices'])
      if (!/^\d+$/.test(o[k]!) || Number(o[k]) < 1) throw new UsageError(`--${k} must be a positive whole number`);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(
      `${err.message}\nusage: npm run bench -- api [--engine pglite|postgres|both] [--duration 20] [--connections 50] [--loadgen child|inproc] [--diagnose yes|no]\n`,
    );
    return 2;
  }
  const engines: Engine[] = o.engine === 'both' ? ['pglite', 'postgres'] : [o.engine as Engine];
  const opts = {
    duration: Number(o.duration),
    connections: Number(o.connections),
    notices: Number(o.notices),
    diagnose: o.diagnose === 'yes',
    databaseUrl: o['database-url']!,
  };
  const gen = o.loadgen === 'child' ? childGenerator() : inProcessGenerator();
  const results: Partial<Record<Engine, EngineResult>> = {};
  try {
    for (const engine of engines) results[engine] = await runEngine(engine, opts, gen);
  } finally {
    gen.close();
  }

  const file = writeResult('api', {
    benchmark: 'api',
    machine: machine(),
    settings: {
      connections: opts.connections,
      durationS: opts.duration,
      notices: opts.notices,
      loadGenerator: o.loadgen === 'child' ? 'autocannon in a child process' : 'autocannon in the server process',
      listPath: '/api/v1/notices?limit=50',
    },
    engines: results,
  });
  const rows: (string | number)[][] = [];
  for (const r of Object.values(results)) {
    const labels: Record<string, string> = {
      noticesLimit10: ' (diagnostic)',
      noticesAnonymous: ' (signed out, diagnostic)',
      noticesWhileWriting: ' (10 new notices/s, diagnostic)',
      meUncached: ' (no read cache, diagnostic)',
      noticesUncached: ' (no read cache, diagnostic)',
    };
    for (const [name, run] of [...Object.entries(r.runs), ...Object.entries(r.diagnostics ?? {})]) {
      rows.push([
        r.engine,
        `GET ${run.path}${labels[name] ?? ''}`,
        Math.round(run.reqPerSec),
        run.latencyMs.p50,
        run.latencyMs.p99,
        `${round(run.ratioToHealthz * 100)} %`,
        `${run.serverCpuPercent} %`,
        run.serverCpuMsPerRequest,
        run.databaseCpuMsPerRequest ?? '-',
        run.eventLoopDelayMs.p99,
        run.errors + run.non2xx,
        name === 'notices' ? (r.targets.met ? 'PASS' : 'FAIL') : '',
      ]);
    }
  }
  process.stdout.write(
    `${table(['engine', 'request', 'req/s', 'p50 ms', 'p99 ms', 'vs healthz', 'server CPU', 'CPU ms/req', 'DB CPU ms/req', 'loop delay p99', 'errors', 'target'], rows)}\n`,
  );
  process.stdout.write(`results: ${file}\n`);
  const summary = {
    benchmark: 'api',
    ...Object.fromEntries(
      Object.values(results).map((r) => [
        r.engine,
        {
          healthzRps: Math.round(r.runs.healthz.reqPerSec),
          meRps: Math.round(r.runs.me.reqPerSec),
          meP99Ms: r.runs.me.latencyMs.p99,
          noticesRps: Math.round(r.runs.notices.reqPerSec),
          noticesP99Ms: r.runs.notices.latencyMs.p99,
          ratio: r.targets.ratio,
          pass: r.targets.met,
        },
      ]),
    ),
    pass: Object.values(results).every((r) => r.targets.met),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return 0;
}
