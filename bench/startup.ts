/**
 * The `startup` benchmark: time from spawning `isao serve` (the real CLI) on an existing data
 * directory to the first 200 from GET /readyz. Target: < 3 s.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, cpuMsOf, log, machine, parseArgs, round, table, writeResult } from './lib/report.ts';

const TARGET_MS = 3000;
const POLL_MS = 25;
const GIVE_UP_MS = 60_000;
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/isao.mjs');

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The caller's environment without OpenISAO's settings, so a DATABASE_URL or ISAO_DEMO set there changes nothing. */
function inherited(): NodeJS.ProcessEnv {
  const settings = /^(ISAO_|DATABASE_URL$|NATS_URL$|SMTP_URL$|PUBLIC_URL$|PORT$|LOG_LEVEL$)/;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !settings.test(key)));
}

interface Start {
  readyMs: number;
  /** CPU time (user + system) the server process had used when it was ready (Linux /proc; null elsewhere). */
  cpuMs: number | null;
  loadAverage1m: number;
  stopMs: number;
  exitCode: number | null;
}

/** Spawns `node bin/isao.mjs serve`, polls /readyz every 25 ms, then stops it with SIGTERM. */
async function startOnce(dataDir: string, env: NodeJS.ProcessEnv): Promise<Start> {
  const port = await freePort();
  let output = '';
  const loadAverage1m = round(os.loadavg()[0]!, 2);
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve'], {
    env: { ...inherited(), ...env, ISAO_DATA_DIR: dataDir, PORT: String(port), ISAO_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let readyMs = -1;
  let cpuMs: number | null = null;
  let stop = { stopMs: -1, exitCode: null as number | null };
  try {
    while (performance.now() - started < GIVE_UP_MS) {
      if (child.exitCode !== null) throw new Error(`isao serve exited with ${child.exitCode} before it was ready:\n${output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) {
          readyMs = performance.now() - started;
          cpuMs = cpuMsOf(child.pid);
          break;
        }
      } catch {
        // not listening yet
      }
      await sleep(POLL_MS);
    }
    if (readyMs < 0) throw new Error(`isao serve was not ready after ${GIVE_UP_MS} ms:\n${output}`);
  } finally {
    const stopping = performance.now();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await exited;
    clearTimeout(timer);
    stop = { stopMs: performance.now() - stopping, exitCode: code };
  }
  return { readyMs, cpuMs, loadAverage1m, ...stop };
}

export async function main(args: string[]): Promise<number> {
  let o;
  try {
    o = parseArgs(args, { runs: '5' });
    if (!/^\d+$/.test(o.runs!) || Number(o.runs) < 1) throw new UsageError('--runs must be a positive whole number');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\nusage: npm run bench -- startup [--runs 5]\n`);
    return 2;
  }
  const runs = Number(o.runs);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isao-bench-startup-'));
  try {
    // First run: initdb, migrations, operator bootstrap and demo data, as a new installation does.
    const first = await startOnce(dataDir, {});
    log(
      `first run (empty data directory): ready in ${Math.round(first.readyMs)} ms (CPU ${first.cpuMs} ms), stopped in ${Math.round(first.stopMs)} ms (exit ${first.exitCode})`,
    );
    const starts: Start[] = [];
    for (let i = 0; i < runs; i++) {
      const s = await startOnce(dataDir, {});
      log(
        `run ${i + 1}/${runs}: ready in ${Math.round(s.readyMs)} ms (CPU ${s.cpuMs} ms, load average ${s.loadAverage1m}), stopped in ${Math.round(s.stopMs)} ms (exit ${s.exitCode})`,
      );
      starts.push(s);
    }
    const ms = starts.map((s) => s.readyMs).sort((a, b) => a - b);
    const median = ms.length % 2 ? ms[(ms.length - 1) / 2]! : (ms[ms.length / 2 - 1]! + ms[ms.length / 2]!) / 2;
    const cpu = starts
      .map((s) => s.cpuMs)
      .filter((c): c is number => c !== null)
      .sort((a, b) => a - b);
    const stats = {
      minMs: Math.round(ms[0]!),
      medianMs: Math.round(median),
      maxMs: Math.round(ms.at(-1)!),
      medianCpuMs: cpu.length ? cpu[Math.floor(cpu.length / 2)]! : null,
    };
    const pass = stats.medianMs < TARGET_MS;
    const file = writeResult('startup', {
      benchmark: 'startup',
      machine: machine(),
      settings: { runs, pollMs: POLL_MS, command: `${process.execPath} bin/isao.mjs serve`, engine: 'pglite (embedded)' },
      firstRun: {
        readyMs: Math.round(first.readyMs),
        cpuMs: first.cpuMs,
        stopMs: Math.round(first.stopMs),
        exitCode: first.exitCode,
        loadAverage1m: first.loadAverage1m,
      },
      runs: starts.map((s) => ({
        readyMs: Math.round(s.readyMs),
        cpuMs: s.cpuMs,
        stopMs: Math.round(s.stopMs),
        exitCode: s.exitCode,
        loadAverage1m: s.loadAverage1m,
      })),
      ...stats,
      loadAverage1m: round(os.loadavg()[0]!, 2),
      target: { medianBelowMs: TARGET_MS, met: pass, allRunsBelow: stats.maxMs < TARGET_MS },
    });
    process.stdout.write(
      `${table(
        ['start', 'ready ms'],
        [
          ['first run (empty dir, informational)', Math.round(first.readyMs)],
          ['existing dir: min', stats.minMs],
          ['existing dir: median', stats.medianMs],
          ['existing dir: max', stats.maxMs],
          ['existing dir: median CPU ms (server process)', stats.medianCpuMs ?? 'n/a'],
        ],
      )}\ntarget: median < ${TARGET_MS} ms: ${pass ? 'PASS' : 'FAIL'}\nresults: ${file}\n`,
    );
    process.stdout.write(
      `${JSON.stringify({ benchmark: 'startup', firstRunMs: Math.round(first.readyMs), ...stats, targetMs: TARGET_MS, pass })}\n`,
    );
    return 0;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
