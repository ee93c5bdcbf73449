import { startEmbargoReminders } from '../modules/cases/index.ts';
import { startFeedScheduler } from '../modules/feeds/index.ts';
import { startWebhookWorker } from '../modules/webhooks/index.ts';
import { startForumMail } from '../modules/notifications/index.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createEventHub } from '../modules/events/index.ts';
import { loadDemoData } from '../modules/demo/demo-data.ts';
import { bootstrapOperator } from '../modules/members/bootstrap.ts';
import type { Config } from './config.ts';
import { type AppContext, type Clock, systemClock } from './context.ts';
import { openDatabase, openPostgres, type Db } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { createMailer } from './mail.ts';
import { buildApp } from './app.ts';
import { registerInternalCli } from './internal-cli.ts';
import { randomToken } from './security/tokens.ts';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file.ts';

/** A started server and how to stop it. */
export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  close(): Promise<void>;
}

/** Opens the database, migrates, bootstraps, loads demo data on first start, and listens. */
export async function startServer(
  config: Config,
  options: { db?: Db; clock?: Clock; print?: (text: string) => void } = {},
): Promise<RunningServer> {
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  const log = pino({ level: config.logLevel });
  const db = options.db ?? (await openDatabase(config));
  // On PostgreSQL the event hub reads through its own connections, never queued behind request handlers.
  const hubDb = config.databaseUrl && !options.db ? openPostgres(config.databaseUrl, { max: 2 }) : null;
  const ctx: AppContext = {
    db,
    config,
    clock: options.clock ?? systemClock,
    mailer: createMailer(config.smtpUrl, config.mailFrom, log),
    log,
    events: await createEventHub(hubDb ?? db, config.natsUrl, log),
  };
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log.info({ applied }, 'database migrated');
    // On PostgreSQL, cached reads are used only while this node hears every change other nodes commit.
    await db.listenForChanges();
    db.changes.setEnabled(config.readCache);
    const boot = await bootstrapOperator(ctx);
    const demo = boot.created && config.demo ? await loadDemoData(ctx) : null;
    await ctx.events.start();
    const app = await buildApp(ctx);
    const cliSecret = randomToken(32);
    if (!config.databaseUrl) registerInternalCli(app, ctx, cliSecret);
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    if (!config.databaseUrl) writeRuntimeFile(config.dataDir, { pid: process.pid, port, cliSecret });
    const url = `http://localhost:${port}`;
    printWelcome(print, config, url, boot, demo);
    // Feeds due to be fetched are checked every ISAO_FEED_CHECK_SECONDS (and once shortly after start).
    const feeds = startFeedScheduler(ctx, config.feedCheckSeconds);
    const reminders = startEmbargoReminders(ctx, 300);
    const webhooks = startWebhookWorker(ctx);
    const forumMail = startForumMail(ctx);
    if (config.feedCheckSeconds > 0) setTimeout(() => feeds.wake(), 5000).unref();
    let closed = false;
    return {
      app,
      ctx,
      url,
      async close() {
        if (closed) return;
        closed = true;
        reminders.stop();
        await webhooks.stop();
        await forumMail.stop();
        await feeds.stop();
        await app.close();
        await ctx.events.stop();
        await hubDb?.close();
        if (!config.databaseUrl) removeRuntimeFile(config.dataDir);
        ctx.mailer.close();
        await db.close();
      },
    };
  } catch (err) {
    await ctx.events.stop().catch(() => undefined);
    await hubDb?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}

function printWelcome(
  print: (text: string) => void,
  config: Config,
  url: string,
  boot: Awaited<ReturnType<typeof bootstrapOperator>>,
  demo: Awaited<ReturnType<typeof loadDemoData>>,
) {
  const lines = [
    `OpenISAO is running at ${url} (database: ${config.databaseUrl ? 'PostgreSQL' : `embedded, ${path.join(config.dataDir, 'pglite')}`})`,
  ];
  if (boot.created) {
    lines.push(`Operator admin: ${boot.adminEmail}  password: ${boot.generatedPassword ?? '(the ISAO_ADMIN_PASSWORD you set)'}`);
  }
  if (demo) {
    lines.push(`Demo people (password for all: ${demo.password}):`);
    for (const l of demo.logins) lines.push(`  ${l.email.padEnd(48)} ${l.organisation} (${l.roles.join(', ')})`);
  }
  if (boot.created && !config.databaseUrl) {
    // Kept for the owner of the data folder, so a first-run login is not lost with the terminal.
    const file = path.join(config.dataDir, 'first-run-logins.txt');
    fs.writeFileSync(file, `${lines.slice(1).join('\n')}\n`, { mode: 0o600 });
    lines.push(`These sign-ins are also in ${file} (readable by you only).`);
  } else if (!boot.created) {
    lines.push('Existing data reused. Sign in with your account (first-run sign-ins are in first-run-logins.txt of the data folder).');
  }
  print(lines.join('\n'));
}
