/**
 * A load-generator process of the `fanout` and `resume` benchmarks: holds many WebSocket clients of /api/v1/stream
 * (or of the bare `ws` baseline server), timestamps every frame on arrival and keeps only the event id, parsed from
 * the frame's bytes (no JSON.parse, no string conversion on the hot path). Driven by its parent over IPC.
 *
 * In resume mode a client whose connection drops reconnects at once to its fallback URL with ?after=<last id> and
 * records when the drop was noticed, when the hello frame and the first event of the new connection arrived.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';

const wallNow = () => performance.timeOrigin + performance.now();

export interface ClientSpec {
  url: string;
  headers: Record<string, string>;
  /** Where to reconnect (with ?after=) when the connection drops; none: stay closed. */
  fallbackUrl?: string;
}

export type ClientCommand =
  { cmd: 'open'; clients: ClientSpec[]; concurrency: number } | { cmd: 'count' } | { cmd: 'collect' } | { cmd: 'close' };

export interface ClientReport {
  ids: Int32Array;
  times: Float64Array;
  eventBytes: number;
  drops: number;
  droppedAt: number | null;
  reconnectAttempts: number;
  reconnectHelloAt: number | null;
  reconnectFirstEventAt: number | null;
  reconnectError: string | null;
  afterUsed: number | null;
}

// Bytes of `{"type":"event","id":` and of `{"type":"hello"`.
const EVENT_PREFIX = Buffer.from('{"type":"event","id":');
const HELLO_PREFIX = Buffer.from('{"type":"hello"');
const HEARTBEAT_PREFIX = Buffer.from('{"type":"heartbeat"');

function startsWith(buf: Buffer, prefix: Buffer): boolean {
  if (buf.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[i] !== prefix[i]) return false;
  return true;
}

/** The decimal number at `start` of buf. */
function numberAt(buf: Buffer, start: number): number {
  let n = 0;
  for (let i = start; i < buf.length; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return n;
}

class Client {
  ids = new Int32Array(4096);
  times = new Float64Array(4096);
  n = 0;
  eventBytes = 0;
  /** The newest id this client has been given: the last event, or the head of hello/heartbeat frames. */
  lastId = 0;
  socket: WebSocket | null = null;
  closing = false;
  drops = 0;
  droppedAt: number | null = null;
  reconnectAttempts = 0;
  reconnectHelloAt: number | null = null;
  reconnectFirstEventAt: number | null = null;
  reconnectError: string | null = null;
  afterUsed: number | null = null;
  private reconnecting = false;

  constructor(readonly spec: ClientSpec) {}

  private record(id: number, at: number, bytes: number): void {
    if (this.n === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const times = new Float64Array(this.times.length * 2);
      times.set(this.times);
      this.times = times;
    }
    this.ids[this.n] = id;
    this.times[this.n] = at;
    this.n++;
    this.eventBytes += bytes;
    if (id > this.lastId) this.lastId = id;
  }

  /** Opens a connection; resolves on its hello frame. */
  open(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers: this.spec.headers, perMessageDeflate: false });
      this.socket = socket;
      let hello = false;
      socket.on('message', (data: Buffer) => {
        const at = wallNow();
        if (startsWith(data, EVENT_PREFIX)) {
          this.record(numberAt(data, EVENT_PREFIX.length), at, data.length);
          if (this.reconnecting && this.reconnectFirstEventAt === null) this.reconnectFirstEventAt = at;
          return;
        }
        if (startsWith(data, HELLO_PREFIX) || startsWith(data, HEARTBEAT_PREFIX)) {
          const head = (JSON.parse(data.toString()) as { head?: number }).head ?? 0;
          if (head > this.lastId) this.lastId = head;
          if (!hello && startsWith(data, HELLO_PREFIX)) {
            hello = true;
            if (this.reconnecting) this.reconnectHelloAt = at;
            resolve();
          }
        }
      });
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      socket.on('error', (err) => {
        if (!hello) reject(err);
      });
      socket.on('close', () => {
        if (!hello) reject(new Error('closed before hello'));
        else if (!this.closing && this.socket === socket) this.dropped();
      });
    });
  }

  private dropped(): void {
    this.drops++;
    this.droppedAt ??= wallNow();
    this.socket = null;
    if (!this.spec.fallbackUrl) return;
    this.reconnecting = true;
    const attempt = () => {
      if (this.closing) return;
      this.reconnectAttempts++;
      this.afterUsed = this.lastId;
      this.open(`${this.spec.fallbackUrl}?after=${this.lastId}`).catch((err: unknown) => {
        this.reconnectError = err instanceof Error ? err.message : String(err);
        if (this.reconnectAttempts < 50) setTimeout(attempt, 100);
      });
    };
    attempt();
  }

  close(): void {
    this.closing = true;
    this.socket?.terminate();
  }

  report(): ClientReport {
    return {
      ids: this.ids.slice(0, this.n),
      times: this.times.slice(0, this.n),
      eventBytes: this.eventBytes,
      drops: this.drops,
      droppedAt: this.droppedAt,
      reconnectAttempts: this.reconnectAttempts,
      reconnectHelloAt: this.reconnectHelloAt,
      reconnectFirstEventAt: this.reconnectFirstEventAt,
      reconnectError: this.reconnectError,
      afterUsed: this.afterUsed,
    };
  }
}

let clients: Client[] = [];
const LOOP_SAMPLE_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });

async function openAll(specs: ClientSpec[], concurrency: number): Promise<{ opened: number; errors: string[] }> {
  clients = specs.map((s) => new Client(s));
  const errors: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, clients.length) }, async () => {
      while (next < clients.length) {
        const c = clients[next++]!;
        await c.open(c.spec.url).catch((err: unknown) => errors.push(err instanceof Error ? err.message : String(err)));
      }
    }),
  );
  loopDelay.reset();
  loopDelay.enable();
  return { opened: clients.length - errors.length, errors: [...new Set(errors)] };
}

process.on('message', (msg: ClientCommand) => {
  const reply = (value: unknown) => process.send!(value);
  switch (msg.cmd) {
    case 'open':
      void openAll(msg.clients, msg.concurrency).then(reply);
      break;
    case 'count':
      reply({
        events: clients.reduce((s, c) => s + c.n, 0),
        open: clients.filter((c) => c.socket?.readyState === WebSocket.OPEN).length,
        drops: clients.reduce((s, c) => s + c.drops, 0),
      });
      break;
    case 'collect':
      loopDelay.disable();
      reply({
        clients: clients.map((c) => c.report()),
        // The histogram holds the sampling interval plus the delay: the interval is taken off.
        loopDelayMs: {
          p50: Math.max(0, loopDelay.percentile(50) / 1e6 - LOOP_SAMPLE_MS),
          p99: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_SAMPLE_MS),
          max: Math.max(0, loopDelay.max / 1e6 - LOOP_SAMPLE_MS),
        },
        cpu: process.cpuUsage(),
      });
      break;
    case 'close':
      for (const c of clients) c.close();
      clients = [];
      reply({ closed: true });
      break;
  }
});
process.on('disconnect', () => process.exit(0));
