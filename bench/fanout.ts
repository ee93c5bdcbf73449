/**
 * The `fanout` benchmark (and, with `--kill-node yes`, the `resume` benchmark): two app nodes as separate
 * `isao serve` processes on one PostgreSQL database and one NATS JetStream server; 1,000 WebSocket subscribers of
 * /api/v1/stream spread evenly over the two nodes (in two load-generator processes), all allowed to read one
 * TLP:GREEN thread; a poster creates a post through node A's HTTP API every 10 ms for 30 s (3,000 posts, 200 posting
 * people round-robin because of the 20 posts a minute per person limit). For each post and subscriber: the time from
 * the POST being sent (upper bound of commit → receipt) and from its 201 arriving (lower bound) to the frame's arrival.
 * Lost and duplicated deliveries are counted against the event log.
 *
 * Baseline in the same run: a bare `ws` WebSocketServer broadcasting as many frames of the same mean size, one every
 * 10 ms, to 1,000 clients in the same load-generator processes. Target: p99 < 150 ms and p99 ≤ 3 × bare p99; nothing
 * lost or duplicated.
 *
 * Resume: during the run node B is killed (SIGKILL); its clients reconnect at once to node A with ?after=<last id>.
 * Reported: time from the kill to each such client's first frame (hello) and first event after reconnecting; no gap
 * and no duplicate for any client over the whole run.
 */
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastEventId } from '../src/modules/events/index.ts';
import { openBenchContext } from './lib/bench-context.ts';
import { createBenchDatabase, dropBenchDatabases } from './lib/bench-database.ts';
import type { BareCommand } from './lib/fanout-bare.ts';
import type { ClientCommand, ClientReport, ClientSpec } from './lib/fanout-clients.ts';
import {
  type AppNode,
  type BenchSession,
  busyShare,
  cpuSample,
  natsCpuMs,
  openThread,
  postgresCpuMs,
  seedFanout,
  startNode,
  wallNow,
} from './lib/fanout-cluster.ts';
import { UsageError, cpuMsOf, log, machine, parseArgs, round, table, writeResult } from './lib/report.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TARGET_P99_MS = 150;
const TARGET_RATIO = 3;

/** A child process answering one IPC request at a time. */
class Worker {
  private pending: ((value: unknown) => void) | null = null;
  private readonly queue: unknown[] = [];
  readonly exited: Promise<number | null>;
  constructor(readonly child: ChildProcess) {
    child.on('message', (msg) => {
      const p = this.pending;
      this.pending = null;
      if (p) p(msg);
      else this.queue.push(msg);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }
  static fork(file: string): Worker {
    return new Worker(
      fork(path.join(here, 'lib', file), [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
      }),
    );
  }
  /** The next message (one already received, or the next to come). */
  next<T>(timeoutMs = 120_000): Promise<T> {
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift() as T);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('worker did not answer in time')), timeoutMs);
      this.pending = (v) => {
        clearTimeout(timer);
        resolve(v as T);
      };
      void this.exited.then((code) => {
        if (this.pending) reject(new Error(`worker exited with ${code}`));
      });
    });
  }
  request<T>(msg: ClientCommand | BareCommand, timeoutMs?: number): Promise<T> {
    this.child.send(msg);
    return this.next<T>(timeoutMs);
  }
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** The longest round trip of the POSTs sent in each second of the posting phase. */
function worstBySecond(records: readonly { sentAt: number; respondedAt: number; status: number }[]): number[] {
  const t0 = Math.min(...records.map((r) => r.sentAt));
  const worst: number[] = [];
  for (const r of records) {
    const second = Math.floor((r.sentAt - t0) / 1000);
    worst[second] = Math.max(worst[second] ?? 0, Math.round(r.respondedAt - r.sentAt));
  }
  return Array.from(worst, (v) => v ?? 0);
}

const percentile = (sorted: Float64Array | number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))]!;

function stats(samples: Float64Array | number[]) {
  const s = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of s) sum += v;
  return {
    n: s.length,
    mean: round(sum / (s.length || 1), 2),
    p50: round(percentile(s, 0.5), 2),
    p90: round(percentile(s, 0.9), 2),
    p99: round(percentile(s, 0.99), 2),
    p999: round(percentile(s, 0.999), 2),
    max: round(s.length ? s[s.length - 1]! : NaN, 2),
    min: round(s.length ? s[0]! : NaN, 2),
  };
}

/** Words of the generated post bodies. */
const words =
  'device firmware update vulnerability exploit patch mitigation network segment infusion pump imaging workstation monitor telemetry gateway authentication bypass buffer overflow credential hardcoded default password certificate expired remote code execution denial service clinical impact patient safety advisory vendor coordinated disclosure'.split(
    ' ',
  );
function postBody(i: number, chars: number): string {
  let out = `Benchmark post ${i}. `;
  let k = i;
  while (out.length < chars) {
    k = (k * 1103515245 + 12345) >>> 0;
    out += `${words[k % words.length]} `;
  }
  return out.trim();
}

interface PostRecord {
  sentAt: number;
  respondedAt: number;
  status: number;
  postId: string | null;
}

/** Posts one post every `intervalMs` (absolute schedule: no drift; late ones go at once), round-robin over `posters`. */
async function postAll(
  baseUrl: string,
  threadId: string,
  posters: BenchSession[],
  count: number,
  intervalMs: number,
  bodyChars: number,
  at: { offsetMs: number; fn: () => void } | null,
): Promise<{ records: PostRecord[]; firstAt: number; lastSentAt: number }> {
  const records: PostRecord[] = new Array(count);
  const inflight: Promise<void>[] = [];
  const t0 = wallNow() + 20;
  let fired = at === null;
  for (let i = 0; i < count; i++) {
    const due = t0 + i * intervalMs;
    if (!fired && due - t0 >= at!.offsetMs) {
      fired = true;
      at!.fn();
    }
    const wait = due - wallNow();
    if (wait > 1) await sleep(wait);
    const p = posters[i % posters.length]!;
    const body = JSON.stringify({ body: postBody(i, bodyChars) });
    const sentAt = wallNow();
    inflight.push(
      fetch(`${baseUrl}/api/v1/forum/threads/${threadId}/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `isao_session=${p.cookie}`, 'x-csrf-token': p.csrf },
        body,
      }).then(
        async (res) => {
          const text = await res.text();
          const respondedAt = wallNow();
          let postId: string | null = null;
          if (res.status === 201) postId = (JSON.parse(text) as { id: string }).id;
          else if (records.filter((r) => r && r.status !== 201).length < 3) log(`post ${i} answered ${res.status}: ${text.slice(0, 300)}`);
          records[i] = { sentAt, respondedAt, status: res.status, postId };
        },
        (err: unknown) => {
          records[i] = { sentAt, respondedAt: wallNow(), status: 0, postId: null };
          log(`post ${i} failed: ${err instanceof Error ? err.message : String(err)}`);
        },
      ),
    );
  }
  const lastSentAt = wallNow();
  await Promise.all(inflight);
  return { records, firstAt: t0, lastSentAt };
}

interface Options {
  subscribers: number;
  posters: number;
  orgs: number;
  intervalMs: number;
  durationS: number;
  bodyChars: number;
  loadgens: number;
  drainS: number;
  killNode: boolean;
  killAtS: number;
  /** Seconds of posting on the same schedule before the subscribers connect (not measured): node A's code paths warm. */
  warmupS: number;
  baseline: boolean;
  serverUrl: string;
  natsUrl: string;
  /** Appended to the result file's name: results/<mode>-<label>.json. */
  label: string;
}

function parse(args: string[], mode: 'fanout' | 'resume'): Options | null {
  try {
    const o = parseArgs(args, {
      subscribers: '1000',
      posters: '200',
      orgs: '20',
      interval: '10',
      duration: mode === 'resume' ? '20' : '30',
      'body-chars': '400',
      loadgens: '2',
      drain: '10',
      'kill-node': mode === 'resume' ? 'yes' : 'no',
      'kill-at': '10',
      warmup: '2',
      baseline: mode === 'resume' ? 'no' : 'yes',
      'database-url': process.env.ISAO_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      'nats-url': process.env.ISAO_BENCH_NATS_URL ?? 'nats://127.0.0.1:4222',
      label: '',
    });
    const num = (k: string, min: number) => {
      const v = Number(o[k]);
      if (!Number.isFinite(v) || v < min) throw new UsageError(`--${k} must be a number ≥ ${min}`);
      return v;
    };
    const yesNo = (k: string) => {
      if (o[k] !== 'yes' && o[k] !== 'no') throw new UsageError(`--${k} must be yes or no`);
      return o[k] === 'yes';
    };
    const opts: Options = {
      subscribers: num('subscribers', 2),
      posters: num('posters', 1),
      orgs: num('orgs', 1),
      intervalMs: num('interval', 1),
      durationS: num('duration', 1),
      bodyChars: num('body-chars', 1),
      loadgens: num('loadgens', 1),
      drainS: num('drain', 1),
      killNode: yesNo('kill-node'),
      killAtS: num('kill-at', 0),
      warmupS: num('warmup', 0),
      baseline: yesNo('baseline'),
      serverUrl: o['database-url']!,
      natsUrl: o['nats-url']!,
      label: /^[\w-]*$/.test(o.label!)
        ? o.label!
        : (() => {
            throw new UsageError('--label: letters, digits, - and _ only');
          })(),
    };
    // 20 posts a minute per person: enough posters that none reaches 19 in any minute.
    const posts = Math.floor(((opts.durationS + opts.warmupS) * 1000) / opts.intervalMs);
    const perMinute = Math.min(posts, Math.ceil(60_000 / opts.intervalMs));
    opts.posters = Math.max(opts.posters, Math.ceil(perMinute / 18));
    return opts;
  } catch (e) {
    if (e instanceof UsageError) {
      log(
        `${e.message}\nusage: npm run bench -- ${mode} [--subscribers 1000] [--duration ${mode === 'resume' ? 20 : 30}] [--interval 10] ...`,
      );
      return null;
    }
    throw e;
  }
}

type CollectReply = { clients: ClientReport[]; loopDelayMs: { p50: number; p99: number; max: number }; cpu: NodeJS.CpuUsage };

async function openClients(loadgens: Worker[], specs: ClientSpec[]): Promise<void> {
  const parts = loadgens.map((_, k) => specs.filter((_, i) => i % loadgens.length === k));
  const t0 = performance.now();
  const replies = await Promise.all(
    loadgens.map((w, k) => w.request<{ opened: number; errors: string[] }>({ cmd: 'open', clients: parts[k]!, concurrency: 20 }, 300_000)),
  );
  const opened = replies.reduce((s, r) => s + r.opened, 0);
  const errors = replies.flatMap((r) => r.errors);
  log(
    `  ${opened}/${specs.length} streams open in ${Math.round(performance.now() - t0)} ms${errors.length ? `; errors: ${errors.join('; ')}` : ''}`,
  );
  if (opened !== specs.length) throw new Error(`only ${opened} of ${specs.length} streams opened: ${errors.join('; ')}`);
}

/** Waits until the load generators hold `expected` event frames in all, or `drainMs` passed. */
async function drain(loadgens: Worker[], expected: number, drainMs: number): Promise<{ received: number; waitedMs: number }> {
  const t0 = performance.now();
  let received = 0;
  for (;;) {
    const counts = await Promise.all(loadgens.map((w) => w.request<{ events: number }>({ cmd: 'count' })));
    received = counts.reduce((s, c) => s + c.events, 0);
    if (received >= expected || performance.now() - t0 > drainMs) break;
    await sleep(200);
  }
  return { received, waitedMs: Math.round(performance.now() - t0) };
}

/** Each delivery's time after the first delivery of the same item to any client (index from `slotOf`; < 0: skip). */
function fromFirstDelivery(reports: ClientReport[], slotOf: (id: number) => number, first: Float64Array): Float64Array {
  let n = 0;
  for (const r of reports) n += r.ids.length;
  const out = new Float64Array(n);
  let k = 0;
  for (const r of reports) {
    for (let j = 0; j < r.ids.length; j++) {
      const s = slotOf(r.ids[j]!);
      if (s >= 0 && Number.isFinite(first[s]!)) out[k++] = r.times[j]! - first[s]!;
    }
  }
  return out.subarray(0, k);
}

const cpuOf = (pids: (number | undefined)[]) => pids.map((p) => cpuMsOf(p) ?? 0);

export async function main(args: string[]): Promise<number> {
  return runFanout(args, 'fanout');
}

export async function runFanout(args: string[], mode: 'fanout' | 'resume'): Promise<number> {
  const o = parse(args, mode);
  if (!o) return 2;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `isao-bench-${mode}-`));
  const dbName = `isao_bench_fanout_${Date.now()}`;
  const nodes: AppNode[] = [];
  const workers: Worker[] = [];
  let bare: Worker | null = null;
  let ctx: Awaited<ReturnType<typeof openBenchContext>> | null = null;
  try {
    log(`${mode}: database ${dbName}, NATS ${o.natsUrl}`);
    const dbUrl = await createBenchDatabase(work, o.serverUrl, dbName);
    ctx = await openBenchContext(path.join(work, 'bench'), dbUrl);
    const seed = await seedFanout(ctx, { orgs: o.orgs, subscribers: o.subscribers, posters: o.posters });
    log(
      `seeded ${o.orgs} organisations, ${o.subscribers} subscribers, ${o.posters} posters, their sessions, a channel and a thread in ${Math.round(seed.seedMs)} ms`,
    );

    log('starting node A and node B (isao serve)…');
    const t0 = performance.now();
    nodes.push(await startNode('A', path.join(work, 'node-a'), dbUrl, o.natsUrl));
    nodes.push(await startNode('B', path.join(work, 'node-b'), dbUrl, o.natsUrl));
    const [nodeA, nodeB] = nodes as [AppNode, AppNode];
    log(`  both ready and idle in ${Math.round(performance.now() - t0)} ms (A ${nodeA.url}, B ${nodeB.url})`);
    const { threadId } = await openThread(nodeA.url, seed.coordinator);
    if (o.warmupS > 0) {
      // A node that has just started compiles its request paths on the first requests (JIT, each connection's prepared
      // statements): without this, the first second of posting has round trips of several hundred ms.
      const warm = Math.floor((o.warmupS * 1000) / o.intervalMs);
      log(`warming up: ${warm} posts through node A on the same schedule, before any subscriber connects (not measured)…`);
      const w = await postAll(nodeA.url, threadId, seed.posters, warm, o.intervalMs, o.bodyChars, null);
      const refused = w.records.filter((r) => r.status !== 201).length;
      if (refused > 0) throw new Error(`${refused} warm-up posts were refused`);
      await sleep(1000);
    }

    for (let k = 0; k < o.loadgens; k++) workers.push(Worker.fork('fanout-clients.ts'));
    const ws = (u: string) => `${u.replace(/^http/, 'ws')}/api/v1/stream`;
    // Even subscribers on A, odd on B; each load generator holds half of each node's clients.
    const specs: ClientSpec[] = seed.subscribers.map((s, i) => ({
      url: ws(i % 2 === 0 ? nodeA.url : nodeB.url),
      headers: { cookie: `isao_session=${s.cookie}` },
      ...(o.killNode ? { fallbackUrl: ws(nodeA.url) } : {}),
    }));
    log(
      `opening ${specs.length} streams (${specs.filter((s) => s.url.includes(String(nodeA.port))).length} on A, the rest on B) from ${o.loadgens} load generator processes…`,
    );
    await openClients(workers, specs);
    await sleep(1000);

    const posts = Math.floor((o.durationS * 1000) / o.intervalMs);
    const startId = await lastEventId(ctx.db);
    const pidsBefore = cpuOf([nodeA.child.pid, nodeB.child.pid, ...workers.map((w) => w.child.pid)]);
    const pgBefore = postgresCpuMs();
    const natsBefore = natsCpuMs();
    const mainBefore = process.cpuUsage();
    const machineBefore = cpuSample();
    const loadBefore = os.loadavg()[0]!;
    let killedAt: number | null = null;
    log(
      `posting ${posts} posts through node A, one every ${o.intervalMs} ms (${o.durationS} s), ${seed.posters.length} posters round-robin${o.killNode ? `; node B is killed after ${o.killAtS} s` : ''}…`,
    );
    const posted = await postAll(
      nodeA.url,
      threadId,
      seed.posters,
      posts,
      o.intervalMs,
      o.bodyChars,
      o.killNode
        ? {
            offsetMs: o.killAtS * 1000,
            fn: () => {
              killedAt = wallNow();
              nodeB.child.kill('SIGKILL');
              log(`  node B killed (SIGKILL) at ${o.killAtS} s`);
            },
          }
        : null,
    );
    const postWallMs = wallNow() - posted.firstAt;
    const machineAfter = cpuSample();
    const pidsAfter = cpuOf([nodeA.child.pid, nodeB.child.pid, ...workers.map((w) => w.child.pid)]);
    const pgAfter = postgresCpuMs();
    const natsAfter = natsCpuMs();
    const mainCpu = process.cpuUsage(mainBefore);
    const accepted = posted.records.filter((r) => r.status === 201).length;
    log(
      `  ${accepted}/${posts} posts accepted in ${Math.round(postWallMs)} ms (last sent ${Math.round(posted.lastSentAt - posted.firstAt)} ms after the first)`,
    );

    // What the event log holds: every post.created of this run, in id order.
    // `at` is the post's timestamp, taken by node A before the post's transaction: its commit follows a few ms later.
    const eventRows = await ctx.db.query<{ id: string | number; post_id: string; at_ms: number }>(
      `SELECT id, post_id, (extract(epoch FROM at) * 1000)::float8 AS at_ms FROM events
        WHERE type = 'post.created' AND thread_id = $1 AND id > $2 ORDER BY id`,
      [threadId, startId],
    );
    const expectedIds = eventRows.map((r) => Number(r.id));
    const expectedTotal = expectedIds.length * o.subscribers;
    const drained = await drain(workers, expectedTotal, o.drainS * 1000);
    log(`  ${drained.received}/${expectedTotal} deliveries received (waited ${drained.waitedMs} ms after the last response)`);
    const collected = await Promise.all(workers.map((w) => w.request<CollectReply>({ cmd: 'collect' })));
    await Promise.all(workers.map((w) => w.request({ cmd: 'close' })));

    // Client reports back in subscriber order (load generator k holds subscribers k, k + n, ...).
    const reports: ClientReport[] = new Array(o.subscribers);
    collected.forEach((c, k) => c.clients.forEach((r, j) => (reports[k + j * o.loadgens] = r)));

    // eventId → post index → send / response times.
    const postIndex = new Map(posted.records.map((r, i) => [r.postId, i] as const));
    const minId = expectedIds[0] ?? 0;
    const maxId = expectedIds.at(-1) ?? 0;
    const slot = new Int32Array(Math.max(0, maxId - minId + 1)).fill(-1);
    const stampedAt = new Float64Array(slot.length);
    eventRows.forEach((r) => {
      const i = postIndex.get(r.post_id);
      slot[Number(r.id) - minId] = i ?? -2; // -2: a post whose HTTP answer was lost
      stampedAt[Number(r.id) - minId] = Number(r.at_ms);
    });
    const fromSend: number[] = [];
    const fromStamp: number[] = [];
    const fromResponse: number[] = [];
    const fromSendSteady: number[] = [];
    const fromResponseByNode: [number[], number[]] = [[], []];
    const lastReceipt = new Float64Array(posts).fill(0);
    const firstReceipt = new Float64Array(posts).fill(Infinity);
    let lost = 0;
    let duplicated = 0;
    let unexpected = 0;
    const clientsWithLoss: number[] = [];
    const clientsWithDuplicates: number[] = [];
    const seen = new Uint8Array(slot.length);
    reports.forEach((r, c) => {
      seen.fill(0);
      let dups = 0;
      for (let k = 0; k < r.ids.length; k++) {
        const id = r.ids[k]!;
        const s = id >= minId && id <= maxId ? slot[id - minId]! : -1;
        if (s === -1) {
          unexpected++;
          continue;
        }
        if (seen[id - minId]!++ > 0) {
          dups++;
          continue;
        }
        if (s < 0) continue;
        const rec = posted.records[s]!;
        const t = r.times[k]!;
        fromSend.push(t - rec.sentAt);
        fromStamp.push(t - stampedAt[id - minId]!);
        fromResponse.push(t - rec.respondedAt);
        fromResponseByNode[c % 2]!.push(t - rec.respondedAt);
        if (r.drops === 0) fromSendSteady.push(t - rec.sentAt);
        if (t > lastReceipt[s]!) lastReceipt[s] = t;
        if (t < firstReceipt[s]!) firstReceipt[s] = t;
      }
      let missing = 0;
      for (const id of expectedIds) if (seen[id - minId] === 0) missing++;
      lost += missing;
      duplicated += dups;
      if (missing > 0) clientsWithLoss.push(c);
      if (dups > 0) clientsWithDuplicates.push(c);
    });
    const eventBytes = reports.reduce((s, r) => s + r.eventBytes, 0);
    const eventFrames = reports.reduce((s, r) => s + r.ids.length, 0);
    const meanFrameBytes = Math.round(eventBytes / Math.max(1, eventFrames));
    // Lower bound of commit → receipt: from the post's first delivery to any subscriber (which follows its commit).
    const fromFirst = fromFirstDelivery(reports, (id) => (id >= minId && id <= maxId ? slot[id - minId]! : -1), firstReceipt);
    const fanoutDone: number[] = [];
    posted.records.forEach((r, i) => {
      if (r.status === 201 && lastReceipt[i]! > 0) fanoutDone.push(lastReceipt[i]! - r.sentAt);
    });
    const roundTrip = posted.records.filter((r) => r.status === 201).map((r) => r.respondedAt - r.sentAt);
    const negativeShare = fromResponse.filter((v) => v < 0).length / Math.max(1, fromResponse.length);
    const phaseS = postWallMs / 1000;
    const cpuShare = (before: number, after: number) => round((after - before) / (phaseS * 1000), 2);
    const procCpu = {
      nodeA: cpuShare(pidsBefore[0]!, pidsAfter[0]!),
      // A killed node B has no /proc entry left: its CPU is not known.
      nodeB: o.killNode ? null : cpuShare(pidsBefore[1]!, pidsAfter[1]!),
      loadGenerators: workers.map((_, k) => cpuShare(pidsBefore[2 + k]!, pidsAfter[2 + k]!)),
      poster: round((mainCpu.user + mainCpu.system) / 1000 / (phaseS * 1000), 2),
      postgres: pgBefore !== null && pgAfter !== null ? cpuShare(pgBefore, pgAfter) : null,
      nats: natsBefore !== null && natsAfter !== null ? cpuShare(natsBefore, natsAfter) : null,
    };

    // Resume: the clients that were on node B.
    let resume = null;
    if (o.killNode && killedAt !== null) {
      const dropped = reports.filter((r) => r.drops > 0);
      const hello = dropped.filter((r) => r.reconnectHelloAt !== null).map((r) => r.reconnectHelloAt! - killedAt!);
      const firstEvent = dropped.filter((r) => r.reconnectFirstEventAt !== null).map((r) => r.reconnectFirstEventAt! - killedAt!);
      const noticed = dropped.filter((r) => r.droppedAt !== null).map((r) => r.droppedAt! - killedAt!);
      resume = {
        killedAtS: o.killAtS,
        clientsOnB: specs.filter((s) => s.url.includes(String(nodeB.port))).length,
        clientsDropped: dropped.length,
        clientsReconnected: dropped.filter((r) => r.reconnectHelloAt !== null).length,
        reconnectAttempts: dropped.reduce((s, r) => s + r.reconnectAttempts, 0),
        reconnectErrors: [...new Set(dropped.map((r) => r.reconnectError).filter((e) => e !== null))],
        clientsDroppedOnA: reports.filter((r, i) => r.drops > 0 && i % 2 === 0).length,
        killToDropNoticedMs: stats(noticed),
        killToFirstFrameMs: stats(hello),
        killToFirstEventMs: stats(firstEvent),
      };
    }

    const latency = {
      fromPostSentMs: stats(fromSend),
      // Upper bound of commit → receipt: from the post's own timestamp, taken in its request before its transaction.
      fromPostTimestampMs: stats(fromStamp),
      fromResponseMs: stats(fromResponse),
      fromResponseClampedMs: stats(fromResponse.map((v) => Math.max(0, v))),
      responseBeforeReceiptShare: round(1 - negativeShare, 3),
      // Clients of node A (where the posts are made) and of node B (woken through NATS), from the 201 (not clamped).
      fromResponseByNodeMs: { A: stats(fromResponseByNode[0]), B: stats(fromResponseByNode[1]) },
      ...(o.killNode ? { fromPostSentNeverDroppedMs: stats(fromSendSteady) } : {}),
      fromFirstDeliveryMs: stats(fromFirst),
      lastSubscriberFromPostSentMs: stats(fanoutDone),
      postRoundTripMs: stats(roundTrip),
      // When the slow POSTs were sent: the worst round trip of each second of posting (a periodic stall shows here).
      postRoundTripWorstBySecondMs: worstBySecond(posted.records),
    };
    const loadGeneratorLoopDelayMs = collected.map((c) => ({
      p50: round(c.loopDelayMs.p50, 2),
      p99: round(c.loopDelayMs.p99, 2),
      max: round(c.loopDelayMs.max, 2),
    }));
    const fanoutResult = {
      posts,
      accepted,
      refused: posted.records.filter((r) => r.status !== 201).map((r) => r.status),
      postEventsInLog: expectedIds.length,
      subscribers: o.subscribers,
      expectedDeliveries: expectedTotal,
      received: eventFrames,
      lost,
      duplicated,
      unexpectedFrames: unexpected,
      clientsWithLoss: clientsWithLoss.length,
      clientsWithDuplicates: clientsWithDuplicates.length,
      lossExamples: clientsWithLoss
        .slice(0, 5)
        .map((c) => ({ client: c, node: c % 2 === 0 ? 'A' : 'B', received: reports[c]!.ids.length, drops: reports[c]!.drops })),
      drainWaitedMs: drained.waitedMs,
      meanEventFrameBytes: meanFrameBytes,
      postPhaseMs: Math.round(postWallMs),
      // Posts per second node A actually completed (first POST sent → last 201): below 1000 / interval, posting queued.
      postsPerSecondCompleted: round(accepted / phaseS, 1),
      deliveriesPerSecond: Math.round(eventFrames / phaseS),
      latency,
      cpuCoresUsed: { ...procCpu, machineBusyShare: round(busyShare(machineBefore, machineAfter) ?? NaN, 3) },
      loadGeneratorLoopDelayMs,
      loadAverage1m: { before: round(loadBefore, 2), after: round(os.loadavg()[0]!, 2) },
    };
    log(
      `  latency from POST sent: p50 ${latency.fromPostSentMs.p50} ms, p99 ${latency.fromPostSentMs.p99} ms; from 201: p50 ${latency.fromResponseClampedMs.p50} ms, p99 ${latency.fromResponseClampedMs.p99} ms; lost ${lost}, duplicated ${duplicated}`,
    );
    if (resume)
      log(
        `  resume: ${resume.clientsReconnected}/${resume.clientsDropped} reconnected; kill → first frame p50 ${resume.killToFirstFrameMs.p50} ms, p99 ${resume.killToFirstFrameMs.p99} ms, max ${resume.killToFirstFrameMs.max} ms`,
      );

    for (const n of nodes) await n.stop();

    // Baseline: a bare ws server, the same clients' processes, the same number of frames of the same mean size.
    let baseline = null;
    if (o.baseline) {
      log(
        `baseline: bare ws server broadcasting ${posts} frames of ${meanFrameBytes} bytes, one every ${o.intervalMs} ms, to ${o.subscribers} clients…`,
      );
      bare = Worker.fork('fanout-bare.ts');
      const { port } = await bare.next<{ port: number }>();
      await openClients(
        workers,
        specs.map(() => ({ url: `ws://127.0.0.1:${port}/`, headers: {} })),
      );
      await sleep(1000);
      const bPids = cpuOf([bare.child.pid, ...workers.map((w) => w.child.pid)]);
      const bMachine = cpuSample();
      const bStart = wallNow();
      const { sentAt } = await bare.request<{ sentAt: Float64Array; clients: number }>(
        { cmd: 'broadcast', count: posts, intervalMs: o.intervalMs, size: meanFrameBytes },
        600_000,
      );
      const bPhaseS = (wallNow() - bStart) / 1000;
      const bMachineAfter = cpuSample();
      const bPidsAfter = cpuOf([bare.child.pid, ...workers.map((w) => w.child.pid)]);
      const bDrain = await drain(workers, posts * o.subscribers, o.drainS * 1000);
      const bCollected = await Promise.all(workers.map((w) => w.request<CollectReply>({ cmd: 'collect' })));
      await Promise.all(workers.map((w) => w.request({ cmd: 'close' })));
      const bLat: number[] = [];
      const bFirst = new Float64Array(posts).fill(Infinity);
      let bLost = 0;
      let bDup = 0;
      for (const c of bCollected) {
        for (const r of c.clients) {
          const got = new Uint8Array(posts + 1);
          for (let k = 0; k < r.ids.length; k++) {
            const id = r.ids[k]!;
            if (id < 1 || id > posts) continue;
            if (got[id]!++ > 0) {
              bDup++;
              continue;
            }
            bLat.push(r.times[k]! - sentAt[id - 1]!);
            if (r.times[k]! < bFirst[id - 1]!) bFirst[id - 1] = r.times[k]!;
          }
          for (let id = 1; id <= posts; id++) if (got[id] === 0) bLost++;
        }
      }
      baseline = {
        frames: posts,
        frameBytes: meanFrameBytes,
        clients: o.subscribers,
        received: bDrain.received,
        lost: bLost,
        duplicated: bDup,
        latencyFromSendMs: stats(bLat),
        fromFirstDeliveryMs: stats(
          fromFirstDelivery(
            bCollected.flatMap((c) => c.clients),
            (id) => (id >= 1 && id <= posts ? id - 1 : -1),
            bFirst,
          ),
        ),
        cpuCoresUsed: {
          server: round((bPidsAfter[0]! - bPids[0]!) / (bPhaseS * 1000), 2),
          loadGenerators: workers.map((_, k) => round((bPidsAfter[1 + k]! - bPids[1 + k]!) / (bPhaseS * 1000), 2)),
          machineBusyShare: round(busyShare(bMachine, bMachineAfter) ?? NaN, 3),
        },
        loadGeneratorLoopDelayMs: bCollected.map((c) => ({
          p50: round(c.loopDelayMs.p50, 2),
          p99: round(c.loopDelayMs.p99, 2),
          max: round(c.loopDelayMs.max, 2),
        })),
      };
      log(
        `  bare ws: p50 ${baseline.latencyFromSendMs.p50} ms, p99 ${baseline.latencyFromSendMs.p99} ms, lost ${bLost}, duplicated ${bDup}`,
      );
      await bare.request({ cmd: 'close' });
    }

    const p99 = latency.fromPostSentMs.p99;
    const ratio = baseline ? round(p99 / baseline.latencyFromSendMs.p99, 2) : null;
    const noLoss = lost === 0 && duplicated === 0;
    const pass =
      mode === 'resume'
        ? noLoss && resume !== null && resume.clientsReconnected === resume.clientsDropped && resume.clientsDropped > 0
        : noLoss && p99 < TARGET_P99_MS && ratio !== null && ratio <= TARGET_RATIO;
    const result = {
      benchmark: mode,
      machine: machine(),
      settings: {
        nodes: 2,
        node: `${process.execPath} bin/isao.mjs serve (two processes), DATABASE_URL=<fresh database>, NATS_URL=${o.natsUrl}, ISAO_DEMO=0, LOG_LEVEL=warn, ISAO_FEED_CHECK_SECONDS=0`,
        subscribers: o.subscribers,
        subscribersPerNode: { A: Math.ceil(o.subscribers / 2), B: Math.floor(o.subscribers / 2) },
        organisations: o.orgs,
        posters: seed.posters.length,
        postsEveryMs: o.intervalMs,
        durationS: o.durationS,
        postBodyChars: o.bodyChars,
        warmupS: o.warmupS,
        loadGeneratorProcesses: o.loadgens,
        thread: 'TLP:GREEN, audience members, topic channel',
        posting: 'HTTP POST /api/v1/forum/threads/:id/posts on node A (session cookie + CSRF), open loop on an absolute 10 ms schedule',
        ...(o.killNode ? { killNode: 'B', killAtS: o.killAtS, reconnect: 'at once, to node A, ?after=<last id received>' } : {}),
      },
      fanout: fanoutResult,
      ...(resume ? { resume } : {}),
      ...(baseline ? { baseline, ratioP99ToBaseline: ratio } : {}),
      target:
        mode === 'resume'
          ? { reconnectedAll: resume?.clientsReconnected === resume?.clientsDropped, lost: 0, duplicated: 0, met: pass }
          : {
              p99BelowMs: TARGET_P99_MS,
              ratioAtMost: TARGET_RATIO,
              lost: 0,
              duplicated: 0,
              p99Met: p99 < TARGET_P99_MS,
              ratioMet: ratio !== null && ratio <= TARGET_RATIO,
              noLossMet: noLoss,
              met: pass,
            },
    };
    const file = writeResult(o.label ? `${mode}-${o.label}` : mode, result);
    const rows: (string | number)[][] = [
      ['fan-out: commit → receipt, from POST sent', latency.fromPostSentMs.p50, latency.fromPostSentMs.p99, latency.fromPostSentMs.max],
      [
        'fan-out: from the post’s timestamp (before its commit)',
        latency.fromPostTimestampMs.p50,
        latency.fromPostTimestampMs.p99,
        latency.fromPostTimestampMs.max,
      ],
      [
        'fan-out: from 201 received (clamped ≥ 0)',
        latency.fromResponseClampedMs.p50,
        latency.fromResponseClampedMs.p99,
        latency.fromResponseClampedMs.max,
      ],
      [
        'fan-out: from first delivery of the post',
        latency.fromFirstDeliveryMs.p50,
        latency.fromFirstDeliveryMs.p99,
        latency.fromFirstDeliveryMs.max,
      ],
      [
        'fan-out: until the last subscriber has it',
        latency.lastSubscriberFromPostSentMs.p50,
        latency.lastSubscriberFromPostSentMs.p99,
        latency.lastSubscriberFromPostSentMs.max,
      ],
      ['POST round trip', latency.postRoundTripMs.p50, latency.postRoundTripMs.p99, latency.postRoundTripMs.max],
    ];
    if (baseline) {
      rows.push([
        'bare ws broadcast, from send',
        baseline.latencyFromSendMs.p50,
        baseline.latencyFromSendMs.p99,
        baseline.latencyFromSendMs.max,
      ]);
      rows.push([
        'bare ws, from first delivery of the frame',
        baseline.fromFirstDeliveryMs.p50,
        baseline.fromFirstDeliveryMs.p99,
        baseline.fromFirstDeliveryMs.max,
      ]);
    }
    if (resume) {
      rows.push([
        'resume: kill → first frame (hello) on A',
        resume.killToFirstFrameMs.p50,
        resume.killToFirstFrameMs.p99,
        resume.killToFirstFrameMs.max,
      ]);
      rows.push([
        'resume: kill → first event on A',
        resume.killToFirstEventMs.p50,
        resume.killToFirstEventMs.p99,
        resume.killToFirstEventMs.max,
      ]);
    }
    process.stdout.write(
      `${table(['measure (ms)', 'p50', 'p99', 'max'], rows)}\n` +
        `deliveries: ${eventFrames}/${expectedTotal}, lost ${lost}, duplicated ${duplicated}, posts accepted ${accepted}/${posts}\n` +
        (baseline ? `p99 ratio to bare ws: ${ratio} (target ≤ ${TARGET_RATIO}); p99 target < ${TARGET_P99_MS} ms\n` : '') +
        (resume ? `resume: ${resume.clientsReconnected}/${resume.clientsDropped} clients of B reconnected to A\n` : '') +
        `target: ${pass ? 'PASS' : 'FAIL'}\nresults: ${file}\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        benchmark: mode,
        p50Ms: latency.fromPostSentMs.p50,
        p99Ms: p99,
        postsPerSecond: fanoutResult.postsPerSecondCompleted,
        ...(baseline ? { bareP99Ms: baseline.latencyFromSendMs.p99, ratio } : {}),
        ...(resume ? { killToFirstFrameP99Ms: resume.killToFirstFrameMs.p99, killToFirstFrameMaxMs: resume.killToFirstFrameMs.max } : {}),
        lost,
        duplicated,
        pass,
      })}\n`,
    );
    return 0;
  } finally {
    for (const w of workers) w.kill();
    bare?.kill();
    for (const n of nodes) await n.stop().catch(() => undefined);
    await ctx?.db.close().catch(() => undefined);
    await dropBenchDatabases(work, o.serverUrl, [dbName]);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
