/** Domain events: the log (dense ids in commit order), the bus between nodes, and each node's hub. */
export * from './event-log.ts';
export { eventDataFor } from './event-view.ts';
export { type EventBus, LocalBus } from './event-bus.ts';
export { EventHub, type EventListener } from './event-hub.ts';
export { NatsBus } from './nats-bus.ts';

import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Queryable } from '../../server/db/client.ts';
import { LocalBus } from './event-bus.ts';
import { EventHub } from './event-hub.ts';
import { NatsBus } from './nats-bus.ts';

/**
 * The node's hub: through NATS JetStream when a URL is given, in process otherwise. Not started. On PostgreSQL give it
 * its own small pool, so delivery never queues behind the request handlers' queries.
 */
export async function createEventHub(db: Queryable, natsUrl: string | undefined, log: Logger): Promise<EventHub> {
  const bus = natsUrl ? await NatsBus.connect(natsUrl, log) : new LocalBus();
  return new EventHub(db, bus, log);
}
