/**
 * The live stream: a WebSocket at /api/v1/stream pushing the events each person may see, checked per event and per
 * subscriber at delivery time (canRead on the event's policy facts, with the person's current memberships). Each frame
 * carries the event id; reconnecting with `?after=<id>` replays what was missed from the event log, then goes live,
 * with no gap and no duplicate.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { loadActor } from '../members/actor-loader.ts';
import { type Actor, canRead, canSeeContributor } from '../policy/index.ts';
import type { StoredEvent } from './event-log.ts';
import { eventDataFor } from './event-view.ts';

export const STREAM_LIMITS = {
  /** Largest frame a client may send (they send only pings). */
  maxPayload: 4096,
  /** Open streams per person and per node. */
  perPerson: 20,
  perNode: 20_000,
  /** Messages a client may send per 10 s before it is disconnected. */
  messagesPer10s: 30,
  /** Unsent bytes queued for a slow client before it is disconnected (it resumes from its last id). */
  maxBuffered: 8 * 1024 * 1024,
  heartbeatMs: 25_000,
  /** How often a connection's credentials and memberships are re-checked, besides access.changed events. */
  revalidateMs: 60_000,
};

interface StreamClient {
  socket: WebSocket;
  actor: Actor;
  /** The last event this client has been given or has skipped (not allowed to see). */
  cursor: number;
  live: boolean;
  alive: boolean;
  /** When (epoch ms) its session or token and memberships are next re-checked. */
  checkAt: number;
  messages: number;
}

const CATCH_UP_PAGE = 500;

/** The reader may see the event now: it is for them (if targeted) and they may read every item it is about. */
export function mayReceive(actor: Actor, event: StoredEvent, now: Date): boolean {
  if (event.type === 'access.changed') return false;
  if (event.personId !== null && event.personId !== actor.personId) return false;
  return event.facts.every((f) => canRead(actor, f, now));
}

/** The frame a reader gets: the same bytes for every reader who sees the event the same way, encoded once. */
function frameFor(actor: Actor, event: StoredEvent, cache: Map<string, Buffer>): Buffer {
  const last = event.facts.at(-1);
  // Only an anonymous item's contributor depends on the reader (its own organisation sees it).
  const key = last === undefined ? '-' : !last.anonymous ? 'all' : canSeeContributor(actor, last) ? actor.orgId : '-';
  const cached = cache.get(key);
  if (cached) return cached;
  const { data } = eventDataFor(actor, event);
  const bytes = Buffer.from(JSON.stringify({ type: 'event', id: event.id, event: event.type, at: event.at.toISOString(), data }));
  cache.set(key, bytes);
  return bytes;
}

function send(client: StreamClient, text: string | Buffer): void {
  if (client.socket.readyState !== client.socket.OPEN) return;
  if (client.socket.bufferedAmount > STREAM_LIMITS.maxBuffered) {
    client.socket.close(1013, 'too slow: reconnect with your last event id');
    return;
  }
  client.socket.send(text, { binary: false });
}

/**
 * Runs fn with the client's TCP socket corked, so what it sends leaves in one write. With a thousand subscribers, one
 * system call per client per event is most of a node's work; a busy node hands several events on at once.
 */
function corked(client: StreamClient, fn: () => void): void {
  // ws keeps the TCP socket in `_socket` (and corks it around each frame itself; corks nest).
  const tcp = (client.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
  tcp?.cork();
  try {
    fn();
  } finally {
    tcp?.uncork();
  }
}

function sendAll(client: StreamClient, frames: readonly Buffer[]): void {
  if (frames.length === 1) send(client, frames[0]!);
  else corked(client, () => frames.forEach((frame) => send(client, frame)));
}

function parseAfter(req: FastifyRequest): number | null {
  const raw = (req.query as Record<string, unknown>).after ?? req.headers['last-event-id'];
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw))
    throw new AppError('validation_failed', 'query.after: the last event id you received (a whole number)');
  return Number(raw);
}

/** Registers the stream route and this node's delivery (needs @fastify/websocket registered first). */
export function registerEventStream(app: FastifyInstance, ctx: AppContext): void {
  const clients = new Set<StreamClient>();
  const perPerson = new Map<string, number>();

  const unsubscribe = ctx.events.subscribeBatch(async (events) => {
    // access.changed reloads the affected readers before any later event is checked against their rights.
    let from = 0;
    for (let i = 0; i < events.length; i++) {
      if (events[i]!.type !== 'access.changed') continue;
      deliver(events.slice(from, i));
      await reloadAffected(events[i]!);
      from = i + 1;
    }
    deliver(from === 0 ? events : events.slice(from));
  });

  /** Hands each live client, in one write, the frames of these events that it may see now. */
  function deliver(events: readonly StoredEvent[]): void {
    if (events.length === 0) return;
    const now = ctx.clock.now();
    const caches = events.map(() => new Map<string, Buffer>());
    for (const client of clients) {
      if (!client.live) continue;
      const frames: Buffer[] = [];
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!;
        if (event.id <= client.cursor) continue;
        client.cursor = event.id;
        if (mayReceive(client.actor, event, now)) frames.push(frameFor(client.actor, event, caches[i]!));
      }
      if (frames.length > 0) sendAll(client, frames);
    }
  }

  async function refresh(client: StreamClient): Promise<void> {
    const fresh = await currentActor(ctx, client.actor);
    if (!fresh) client.socket.close(4401, 'signed out');
    else client.actor = fresh;
  }

  async function reloadAffected(event: StoredEvent): Promise<void> {
    const p = event.payload as { personIds?: string[]; orgIds?: string[]; all?: boolean };
    const affected = [...clients].filter(
      (c) => p.all === true || p.personIds?.includes(c.actor.personId) === true || p.orgIds?.includes(c.actor.orgId) === true,
    );
    await Promise.all(affected.map(refresh));
  }

  const timer = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.messages = 0;
      corked(client, () => {
        client.socket.ping();
        // The client may resume from this id: everything up to it has been sent to it, or was not for it.
        if (client.live) send(client, JSON.stringify({ type: 'heartbeat', head: client.cursor }));
      });
    }
  }, STREAM_LIMITS.heartbeatMs);
  timer.unref();
  // Each client is re-checked about every revalidateMs, a few each second: a thousand at once would queue the node's
  // requests behind their queries.
  const revalidate = setInterval(() => {
    const now = Date.now();
    const budget = Math.ceil((2 * clients.size * 1000) / STREAM_LIMITS.revalidateMs);
    let started = 0;
    for (const client of clients) {
      if (client.checkAt > now) continue;
      if (started++ >= budget) break;
      client.checkAt = now + STREAM_LIMITS.revalidateMs;
      refresh(client).catch(() => undefined);
    }
  }, 1000);
  revalidate.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    clearInterval(revalidate);
    unsubscribe();
    for (const c of clients) c.socket.close(1001, 'server shutting down');
  });

  app.route({
    method: 'GET',
    url: '/api/v1/stream',
    schema: {
      summary:
        'Live events (WebSocket): new, edited and retracted posts, threads, reactions, my notifications. Resume with ?after=<last id>.',
      tags: ['stream'],
      security: [{ session: [] }, { bearer: [] }],
    },
    config: { auth: 'member', scope: 'read' },
    // Refusals happen before the upgrade, as plain HTTP answers.
    preHandler: async (req: FastifyRequest) => {
      const actor = req.actor!;
      if (actor.via === 'session') checkOrigin(req, ctx);
      if (req.headers.upgrade?.toLowerCase() !== 'websocket')
        throw new AppError('bad_request', 'This is a WebSocket endpoint: connect with an Upgrade: websocket request.');
      parseAfter(req);
      if ((perPerson.get(actor.personId) ?? 0) >= STREAM_LIMITS.perPerson)
        throw new AppError('too_many_requests', `At most ${STREAM_LIMITS.perPerson} open streams per person.`);
      if (clients.size >= STREAM_LIMITS.perNode) throw new AppError('not_ready', 'This node is at its stream limit; try another.');
    },
    handler: async (_req: FastifyRequest) => undefined,
    wsHandler: (socket: WebSocket, req: FastifyRequest) => {
      const actor = req.actor!;
      const after = parseAfter(req);
      const client: StreamClient = {
        socket,
        actor,
        cursor: 0,
        live: false,
        alive: true,
        messages: 0,
        checkAt: Date.now() + STREAM_LIMITS.revalidateMs,
      };
      clients.add(client);
      perPerson.set(actor.personId, (perPerson.get(actor.personId) ?? 0) + 1);
      socket.on('pong', () => (client.alive = true));
      socket.on('message', (raw, isBinary) => {
        client.alive = true;
        if (++client.messages > STREAM_LIMITS.messagesPer10s) {
          socket.close(1008, 'too many messages');
          return;
        }
        let ok = false;
        if (!isBinary) {
          try {
            ok = (JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : '') as { type?: unknown }).type === 'ping';
          } catch {
            ok = false;
          }
        }
        send(
          client,
          ok
            ? JSON.stringify({ type: 'pong' })
            : JSON.stringify({ type: 'error', code: 'bad_request', message: 'Clients send only {"type":"ping"}.' }),
        );
      });
      socket.on('close', () => {
        clients.delete(client);
        const n = (perPerson.get(actor.personId) ?? 1) - 1;
        if (n <= 0) perPerson.delete(actor.personId);
        else perPerson.set(actor.personId, n);
      });
      socket.on('error', () => socket.terminate());
      void start(client, after).catch((err: unknown) => {
        ctx.log.warn({ err }, 'stream catch-up failed');
        socket.close(1011, 'catch-up failed: reconnect');
      });
    },
  } as never);

  /** Sends what the client missed since `after` (from the log), then makes it live. */
  async function start(client: StreamClient, after: number | null): Promise<void> {
    let cursor = after === null ? ctx.events.head : Math.min(after, Number.MAX_SAFE_INTEGER);
    send(client, JSON.stringify({ type: 'hello', head: ctx.events.head }));
    for (;;) {
      const head = ctx.events.head;
      if (cursor >= head) break;
      const events = await ctx.events.read(cursor, head, CATCH_UP_PAGE);
      if (events.length === 0) break;
      const now = ctx.clock.now();
      const frames: Buffer[] = [];
      for (const event of events) {
        if (mayReceive(client.actor, event, now)) frames.push(frameFor(client.actor, event, new Map()));
        cursor = event.id;
      }
      if (frames.length > 0) sendAll(client, frames);
    }
    // Synchronously after the last check: the hub hands every later event to live clients.
    client.cursor = cursor;
    client.live = true;
  }
}

/** Cookie-authenticated upgrades must come from our own pages (no cross-site WebSocket hijacking). */
function checkOrigin(req: FastifyRequest, ctx: AppContext): void {
  const origin = req.headers.origin;
  if (origin === undefined) return; // not a browser
  const allowed = new Set([new URL(ctx.config.publicUrl).origin]);
  if (req.headers.host) {
    allowed.add(`http://${req.headers.host}`);
    allowed.add(`https://${req.headers.host}`);
  }
  if (!allowed.has(origin)) throw new AppError('csrf_failed', 'WebSocket connections with a session cookie must come from this site.');
}

/** The person's current rights, or null when the session or token is no longer valid. */
async function currentActor(ctx: AppContext, old: Actor): Promise<Actor | null> {
  const now = ctx.clock.now();
  if (old.via === 'session') {
    const rows = await ctx.db.query('SELECT 1 FROM sessions WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2', [
      old.sessionId,
      now,
    ]);
    if (rows.length === 0) return null;
  } else {
    const rows = await ctx.db.query('SELECT 1 FROM api_tokens WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2', [
      old.tokenId,
      now,
    ]);
    if (rows.length === 0) return null;
  }
  const fresh = await loadActor(ctx.db, old.personId);
  if (!fresh || fresh.orgStatus !== 'active') return null;
  return { ...fresh, via: old.via, sessionId: old.sessionId, csrfToken: old.csrfToken, tokenId: old.tokenId, scopes: old.scopes };
}
