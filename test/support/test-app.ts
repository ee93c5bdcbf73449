import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { EventHub, LocalBus } from '../../src/modules/events/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { type Config, loadConfig } from '../../src/server/config.ts';
import type { AppContext, Clock } from '../../src/server/context.ts';
import type { Db } from '../../src/server/db/client.ts';
import { createMailer } from '../../src/server/mail.ts';
import { createTestDatabase } from './test-database.ts';

/** A clock tests move by hand. */
export class TestClock implements Clock {
  constructor(private current = new Date()) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(at: Date): void {
    this.current = new Date(at);
  }
}

/** An application on its own fresh database, driven with inject(). */
export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  db: Db;
  clock: TestClock;
  close(): Promise<void>;
}

/** Builds the app on a fresh database; the environment is empty unless `env` says otherwise. */
export async function createTestApp(options: { env?: Record<string, string>; config?: Partial<Config> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  await db.listenForChanges(); // as startServer does: on PostgreSQL, cached reads need it
  const clock = new TestClock();
  const config = { ...loadConfig({ ISAO_DATA_DIR: '/tmp/openisao-test-unused', LOG_LEVEL: 'silent', ...options.env }), ...options.config };
  db.changes.setEnabled(config.readCache);
  const log = pino({ level: config.logLevel });
  const events = new EventHub(db, new LocalBus(), log, 200);
  const ctx: AppContext = { db, config, clock, mailer: createMailer(config.smtpUrl, config.mailFrom, log), log, events };
  await events.start();
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    db,
    clock,
    async close() {
      await app.close();
      await events.stop();
      ctx.mailer.close();
      await db.close();
    },
  };
}

/** A signed-in browser-like client: session cookie plus CSRF header on writes. */
export interface Client {
  cookie: string;
  csrf: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Signs in through the API and returns a client that carries the session. */
export async function signInClient(
  app: FastifyInstance,
  email: string,
  password: string,
  extra: Record<string, string> = {},
): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password, ...extra } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'isao_session');
  if (!cookie) throw new Error('no session cookie');
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return sessionClient(app, cookie.value, csrf);
}

/** A client for an existing session token. */
export function sessionClient(app: FastifyInstance, token: string, csrf: string): Client {
  return {
    cookie: token,
    csrf,
    request: (method, url, body, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        cookies: { isao_session: token },
        headers: { 'x-csrf-token': csrf, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}
