/**
 * The cluster of the `fanout` and `resume` benchmarks: a fresh PostgreSQL database seeded in bulk (organisations,
 * subscribers, posters, their sessions, one topic channel and one TLP:GREEN thread for all members), and app nodes
 * started as separate `isao serve` processes on that database and one NATS server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../../src/server/context.ts';
import { hashPassword } from '../../src/server/security/passwords.ts';
import { randomToken, sha256 } from '../../src/server/security/tokens.ts';
import { cpuMsOf } from './report.ts';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/isao.mjs');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between the processes of one machine. */
export const wallNow = () => performance.timeOrigin + performance.now();

/** A signed-in person: the session cookie value and its CSRF token (for writes). */
export interface BenchSession {
  personId: string;
  orgId: string;
  cookie: string;
  csrf: string;
}

export interface FanoutSeed {
  coordinator: BenchSession;
  subscribers: BenchSession[];
  posters: BenchSession[];
  orgs: number;
  seedMs: number;
}

const memberKinds = ['hdo', 'manufacturer', 'researcher'] as const;

/**
 * Seeds an empty, migrated database: an operator organisation with a coordinator (who opens the channel and the
 * thread through the API once a node runs: openThread), `orgs` member organisations,
 * `subscribers` read-only people and `posters` analysts spread over them, and one session per person (inserted
 * directly: signing 1,200 people in through argon2 would take minutes and measure nothing of interest here).
 */
export async function seedFanout(ctx: AppContext, o: { orgs: number; subscribers: number; posters: number }): Promise<FanoutSeed> {
  const t0 = performance.now();
  const db = ctx.db;
  const hash = await hashPassword(`bench fanout password ${randomToken(8)}`);
  const [operator] = (await db.query<{ id: string }>(
    `INSERT INTO organisations (name, kind, status, created_at, decided_at) VALUES ('OpenISAO Operator', 'operator', 'active', now(), now()) RETURNING id`,
  )) as [{ id: string }];
  const orgNames = Array.from({ length: o.orgs }, (_, i) => `Fanout Org ${String(i + 1).padStart(3, '0')}`);
  const orgRows = await db.query<{ id: string }>(
    `INSERT INTO organisations (name, kind, status, created_at, decided_at)
     SELECT t.name, t.kind, 'active', now(), now() FROM unnest($1::text[], $2::text[]) AS t(name, kind) RETURNING id`,
    [orgNames, orgNames.map((_, i) => memberKinds[i % memberKinds.length]!)],
  );
  const orgIds = orgRows.map((r) => r.id);
  // People: subscribers (read-only) and posters (analysts), spread round-robin over the organisations.
  const total = o.subscribers + o.posters + 1;
  const people = await db.query<{ id: string; org_id: string; n: number }>(
    `INSERT INTO people (org_id, email, name, password_hash, roles, created_at)
     SELECT CASE WHEN g = $5 - 1 THEN $6::uuid ELSE ($1::uuid[])[1 + (g % $2)] END, format('p%s@fanout.bench.example', g), format('Bench Person %s', g), $3,
            CASE WHEN g = $5 - 1 THEN '{coordinator}'::text[] WHEN g < $4 THEN '{read_only}'::text[] ELSE '{analyst}'::text[] END, now()
       FROM generate_series(0, $5 - 1) AS g
     RETURNING id, org_id, (regexp_match(email, '^p([0-9]+)@'))[1]::int AS n`,
    [orgIds, orgIds.length, hash, o.subscribers, total, operator.id],
  );
  people.sort((a, b) => a.n - b.n);
  const tokens = people.map(() => randomToken(32));
  const csrfs = people.map(() => randomToken(24));
  await db.query(
    `INSERT INTO sessions (token_hash, person_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
     SELECT t.hash, t.person, t.csrf, now(), now(), now() + interval '12 hours', '127.0.0.1', 'bench fanout'
       FROM unnest($1::text[], $2::uuid[], $3::text[]) AS t(hash, person, csrf)`,
    [tokens.map(sha256), people.map((p) => p.id), csrfs],
  );
  const sessions: BenchSession[] = people.map((p, i) => ({ personId: p.id, orgId: p.org_id, cookie: tokens[i]!, csrf: csrfs[i]! }));
  await db.exec('ANALYZE');
  return {
    coordinator: sessions[total - 1]!,
    subscribers: sessions.slice(0, o.subscribers),
    posters: sessions.slice(o.subscribers, total - 1),
    orgs: o.orgs,
    seedMs: performance.now() - t0,
  };
}

/** The coordinator opens a topic channel and a TLP:GREEN thread for all members, through a node's API. */
export async function openThread(baseUrl: string, coordinator: BenchSession): Promise<{ channelId: string; threadId: string }> {
  const post = async (url: string, body: unknown) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `isao_session=${coordinator.cookie}`, 'x-csrf-token': coordinator.csrf },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`POST ${url} answered ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const channel = (await post('/api/v1/forum/channels', {
    name: 'Fan-out benchmark',
    kind: 'topic',
    description: 'Benchmark channel',
  })) as { id: string };
  const view = (await post(`/api/v1/forum/channels/${channel.id}/threads`, {
    title: 'Fan-out benchmark thread',
    body: 'Everyone in the community may read this thread (TLP:GREEN, members).',
    tlp: 'GREEN',
    audience: 'members',
  })) as { thread: { id: string } };
  return { channelId: channel.id, threadId: view.thread.id };
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The caller's environment without OpenISAO's settings. */
function inherited(): NodeJS.ProcessEnv {
  const settings = /^(ISAO_|DATABASE_URL$|NATS_URL$|SMTP_URL$|PUBLIC_URL$|PORT$|LOG_LEVEL$)/;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !settings.test(key)));
}

export interface AppNode {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Spawns `node bin/isao.mjs serve` on the database and NATS server, waits for /readyz, then until its CPU use settles
 * (the CLI loads the CSAF validator in the background after start: seconds of CPU that must not fall into a run).
 */
export async function startNode(name: string, dataDir: string, databaseUrl: string, natsUrl: string): Promise<AppNode> {
  const port = await freePort();
  fs.mkdirSync(dataDir, { recursive: true });
  let output = '';
  const child = spawn(process.execPath, [...(process.env.ISAO_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), cli, 'serve'], {
    env: {
      ...inherited(),
      ISAO_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      NATS_URL: natsUrl,
      PORT: String(port),
      ISAO_HOST: '127.0.0.1',
      ISAO_DEMO: '0',
      LOG_LEVEL: 'warn',
      ISAO_FEED_CHECK_SECONDS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node ${name} exited with ${child.exitCode} before it was ready:\n${output}`);
    if (performance.now() - started > 60_000) throw new Error(`node ${name} was not ready after 60 s:\n${output}`);
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  await settle(child.pid);
  return {
    name,
    url,
    port,
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until a process uses under 5 % of a core over 1 s (at most 30 s). */
async function settle(pid: number | undefined): Promise<void> {
  let before = cpuMsOf(pid);
  if (before === null) return;
  for (let i = 0; i < 30; i++) {
    await sleep(1000);
    const now = cpuMsOf(pid);
    if (now === null) return;
    if (now - before < 50) return;
    before = now;
  }
}

/** Machine-wide CPU use between two samples of /proc/stat (busy share of all cores, 0..1); null elsewhere. */
export function cpuSample(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3]! + (f[4] ?? 0);
    const total = f.reduce((s, v) => s + v, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

export function busyShare(a: ReturnType<typeof cpuSample>, b: ReturnType<typeof cpuSample>): number | null {
  if (!a || !b || b.total === a.total) return null;
  return (b.busy - a.busy) / (b.total - a.total);
}

/** Total CPU ms of the PostgreSQL server processes (postgres backends of every database; Linux /proc). */
export function postgresCpuMs(): number | null {
  try {
    let sum = 0;
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        if (comm !== 'postgres') continue;
        sum += cpuMsOf(Number(pid)) ?? 0;
      } catch {
        // gone
      }
    }
    return sum;
  } catch {
    return null;
  }
}

/** CPU ms of the NATS server process, if one runs on this machine. */
export function natsCpuMs(): number | null {
  try {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'nats-server') return cpuMsOf(Number(pid));
      } catch {
        // gone
      }
    }
  } catch {
    // not Linux
  }
  return null;
}
