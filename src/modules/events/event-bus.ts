/**
 * How nodes tell each other "events up to id n are committed". The event log in the database is the truth; the bus
 * only wakes nodes up quickly (a lost message is caught by the hub's poll). One process: LocalBus. Several nodes:
 * NatsBus (JetStream).
 */
import { EventEmitter } from 'node:events';

export interface EventBus {
  readonly kind: 'local' | 'nats';
  /** Tells every node (this one included) that events up to `id` exist. */
  announce(id: number): void;
  /** Registers the listener for announced ids, from any node. */
  onAnnounce(listener: (id: number) => void): void;
  close(): Promise<void>;
}

/** The in-process bus of a single node. */
export class LocalBus implements EventBus {
  readonly kind = 'local' as const;
  private readonly emitter = new EventEmitter();
  announce(id: number): void {
    // Asynchronously, like a network bus: the caller's commit path never runs listeners.
    queueMicrotask(() => this.emitter.emit('announce', id));
  }
  onAnnounce(listener: (id: number) => void): void {
    this.emitter.on('announce', listener);
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
