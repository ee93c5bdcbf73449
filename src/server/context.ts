import type { FastifyBaseLogger as Logger } from 'fastify';
import type { EventHub } from '../modules/events/index.ts';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { Mailer } from './mail.ts';

/** Where "now" comes from: injectable so every deadline and expiry can be tested. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** What services need from the running application, passed explicitly (no globals). */
export interface AppContext {
  db: Db;
  config: Config;
  clock: Clock;
  mailer: Mailer;
  log: Logger;
  /** This node's event hub: announce committed events, subscribe to them in order. */
  events: EventHub;
}
