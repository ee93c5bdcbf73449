import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

/** One load run: `connections` keep-alive connections hammering one path for `duration` seconds. */
export interface LoadSpec {
  url: string;
  path: string;
  connections: number;
  duration: number;
  /** Cookie headers assigned round-robin to the connections (one signed-in person per connection). */
  cookies?: string[];
}

/** What a run measured. Latencies in milliseconds. */
export interface LoadResult {
  path: string;
  connections: number;
  durationS: number;
  requests: number;
  reqPerSec: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

/** Runs autocannon in this process. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    let next = 0;
    const cookies = spec.cookies ?? [];
    autocannon(
      {
        url: new URL(spec.path, spec.url).toString(),
        connections: spec.connections,
        duration: spec.duration,
        timeout: 10,
        setupClient: cookies.length > 0 ? (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length]! }) : undefined,
      },
      (err, r) => {
        if (err) return reject(err);
        const seconds = (new Date(r.finish).getTime() - new Date(r.start).getTime()) / 1000 || r.duration;
        resolve({
          path: spec.path,
          connections: spec.connections,
          durationS: seconds,
          requests: r.requests.total,
          reqPerSec: r.requests.total / seconds,
          latencyMs: { mean: r.latency.mean, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
          errors: r.errors,
          timeouts: r.timeouts,
          non2xx: r.non2xx,
          statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
        });
      },
    );
  });
}

/** Where the load generator runs: here, or in a child process that has its own event loop (and core). */
export type LoadGenerator = { run(spec: LoadSpec): Promise<LoadResult>; close(): void };

export function inProcessGenerator(): LoadGenerator {
  return { run: runLoad, close: () => undefined };
}

/** A child process (node --import tsx lib/load-child.ts) that runs autocannon on request over IPC. */
export function childGenerator(): LoadGenerator {
  const child: ChildProcess = fork(fileURLToPath(new URL('./load-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let pending: { resolve: (r: LoadResult) => void; reject: (e: Error) => void } | null = null;
  child.on('message', (msg: { result?: LoadResult; error?: string }) => {
    const p = pending;
    pending = null;
    if (!p) return;
    if (msg.result) p.resolve(msg.result);
    else p.reject(new Error(msg.error ?? 'load generator failed'));
  });
  child.on('exit', (code) => {
    pending?.reject(new Error(`load generator exited with ${code}`));
    pending = null;
  });
  return {
    run(spec) {
      if (pending) return Promise.reject(new Error('one load run at a time'));
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send(spec);
      });
    },
    close() {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}
