/**
 * One node's view of the event log: it reads new events from the database in id order (woken by the bus, and by a
 * poll in case a bus message was lost) and hands each to its listeners one at a time, so a listener sees every event
 * exactly once and in order. Live streams, access reloads and the like listen here.
 */
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Queryable } from '../../server/db/client.ts';
import type { EventBus } from './event-bus.ts';
import { lastEventId, readEvents, type StoredEvent } from './event-log.ts';

export type EventListener = (event: StoredEvent) => void | Promise<void>;
/** Gets the events in order, several at a time when several are ready (a busy node writes to each client once). */
export type EventBatchListener = (events: readonly StoredEvent[]) => void | Promise<void>;

const PAGE = 500;

export class EventHub {
  /** The last event every listener has been given. */
  private processed = 0;
  private dispatching = 0;
  /** The highest id known to exist. */
  private known = 0;
  private readonly listeners = new Set<EventBatchListener>();
  private pumping: Promise<void> | null = null;
  private lastPumpAt = Number.NEGATIVE_INFINITY;
  private delayed: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;

  constructor(
    private readonly db: Queryable,
    readonly bus: EventBus,
    private readonly log: Pick<Logger, 'warn' | 'error'>,
    private readonly pollMs = 1000,
    /**
     * A busy node reads and hands on the events that arrived within this many milliseconds together: each live client
     * then gets one write for all of them instead of one per event. An idle node's first event goes out at once.
     */
    private readonly batchMs = 40,
  ) {}

  /** Starts from the current end of the log; later events reach the listeners. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.processed = this.known = this.dispatching = await lastEventId(this.db);
    this.bus.onAnnounce((id) => this.wake(id));
    if (this.pollMs > 0) {
      this.timer = setInterval(() => {
        lastEventId(this.db)
          .then((id) => this.wake(id))
          .catch((err: unknown) => this.log.warn({ err }, 'event poll failed'));
      }, this.pollMs);
      this.timer.unref();
    }
  }

  /** Whether start() ran: a hub that never started (the CLI) only announces. */
  get running(): boolean {
    return this.started && !this.stopped;
  }

  /**
   * The last event handed (or being handed) to the listeners: a stream that has caught up to here is live. It moves
   * before the listeners run, so a stream going live at `head` never misses the event being dispatched.
   */
  get head(): number {
    return this.dispatching;
  }

  /** Call after the transaction that appended events up to `id` committed. */
  announce(id: number): void {
    if (id > 0) this.bus.announce(id);
  }

  subscribe(listener: EventListener): () => void {
    return this.subscribeBatch(async (events) => {
      for (const event of events) {
        try {
          await listener(event);
        } catch (err) {
          this.log.error({ err, eventId: event.id }, 'event listener failed');
        }
      }
    });
  }

  /** Like subscribe, with every page of ready events at once (in id order). */
  subscribeBatch(listener: EventBatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private wake(id: number): void {
    if (!this.running) return;
    if (id > this.known) this.known = id;
    if (this.known <= this.processed || this.pumping || this.delayed) return;
    const wait = this.lastPumpAt + this.batchMs - performance.now();
    if (wait > 0) {
      this.delayed = setTimeout(() => {
        this.delayed = null;
        this.wake(this.known);
      }, wait);
      this.delayed.unref();
      return;
    }
    this.lastPumpAt = performance.now();
    this.pumping = this.pump()
      .catch((err: unknown) => this.log.error({ err }, 'event delivery failed'))
      .finally(() => {
        this.pumping = null;
        if (this.known > this.processed && this.running) setTimeout(() => this.wake(this.known), 50).unref();
      });
  }

  private async pump(): Promise<void> {
    while (this.running && this.known > this.processed) {
      const events = await readEvents(this.db, this.processed, this.known, PAGE);
      if (events.length === 0) return; // not visible yet: the next announce or poll tries again
      const last = events[events.length - 1]!.id;
      this.dispatching = last;
      for (const listener of this.listeners) {
        try {
          await listener(events);
        } catch (err) {
          this.log.error({ err, firstEventId: events[0]!.id, lastEventId: last }, 'event listener failed');
        }
      }
      this.processed = last;
    }
  }

  /** Events after `after` up to `upTo`, through the hub's own connection (a stream catching up). */
  read(after: number, upTo: number, limit: number): Promise<StoredEvent[]> {
    return readEvents(this.db, after, upTo, limit);
  }

  /** Waits until every event up to `id` has been handed to the listeners (tests, benchmarks). */
  async caughtUp(id: number, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    this.wake(id);
    while (this.processed < id) {
      if (Date.now() > until) throw new Error(`event hub did not reach event ${id} (at ${this.processed})`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.delayed) clearTimeout(this.delayed);
    await this.pumping;
    await this.bus.close();
  }
}
