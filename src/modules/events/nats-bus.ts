/**
 * The cross-node bus: announced ids go through a NATS JetStream stream, and every node reads it with its own ordered
 * consumer from "now on". JetStream keeps the last hour, so a node that reconnects to NATS catches up; the event log
 * in the database stays the truth (the hub's poll covers even a stream outage).
 */
import { DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { EventBus } from './event-bus.ts';

const STREAM = 'ISAO_EVENTS';
const SUBJECT = 'isao.events.committed';
const HOUR_NS = 60 * 60 * 1_000_000_000;

export class NatsBus implements EventBus {
  readonly kind = 'nats' as const;
  private readonly listeners: ((id: number) => void)[] = [];
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /** Connects, makes sure the stream exists, and starts reading it. Fails clearly when NATS cannot be reached. */
  static async connect(url: string, log: Pick<Logger, 'warn'>, name = 'openisao'): Promise<NatsBus> {
    let nc: NatsConnection;
    try {
      nc = await connect({ servers: url, name, timeout: 5000, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
    } catch (err) {
      throw new Error(`Cannot reach NATS at ${url}: ${(err as Error).message}`);
    }
    const jsm = await jetstreamManager(nc);
    const config = { name: STREAM, subjects: [SUBJECT], retention: RetentionPolicy.Limits, storage: StorageType.File, max_age: HOUR_NS };
    try {
      await jsm.streams.info(STREAM);
    } catch {
      try {
        await jsm.streams.add(config);
      } catch (err) {
        // Another node created it at the same moment.
        await jsm.streams.info(STREAM).catch(() => {
          throw err;
        });
      }
    }
    const bus = new NatsBus(nc, log);
    await bus.consume();
    return bus;
  }

  private async consume(): Promise<void> {
    const js = jetstream(this.nc);
    // The stream holds one subject, so no filter (filter_subjects needs nats-server 2.10+).
    const consumer = await js.consumers.get(STREAM, { deliver_policy: DeliverPolicy.New });
    const messages = await consumer.consume();
    void (async () => {
      for await (const m of messages) {
        const id = Number(m.string());
        if (Number.isSafeInteger(id) && id > 0) for (const l of this.listeners) l(id);
      }
    })().catch((err: unknown) => {
      if (!this.closed) this.log.warn({ err }, 'NATS event consumer stopped');
    });
  }

  announce(id: number): void {
    const js = jetstream(this.nc);
    js.publish(SUBJECT, String(id)).catch((err: unknown) => {
      // The other nodes' poll still finds the event; only latency suffers.
      if (!this.closed) this.log.warn({ err, id }, 'NATS publish failed');
    });
  }

  onAnnounce(listener: (id: number) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.nc.drain().catch(() => this.nc.close());
  }
}
