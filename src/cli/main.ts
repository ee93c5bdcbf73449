import { preloadCsafValidator } from '../modules/csaf/index.ts';
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import pino from 'pino';
import { EventHub, LocalBus } from '../modules/events/index.ts';
import { restoreBackup, writeBackup } from '../modules/backup/backup.ts';
import { type Config, ConfigError, loadConfig } from '../server/config.ts';
import { type AppContext, systemClock } from '../server/context.ts';
import { DatabaseBusyError, openDatabase } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { describeCommandError } from '../server/internal-cli.ts';
import { createMailer } from '../server/mail.ts';
import { startServer } from '../server/main.ts';
import { type RuntimeInfo, readRuntimeFile } from '../server/runtime-file.ts';
import { exitCodes } from './command-env.ts';
import { dbCommands } from './registry.ts';
import { registerSbomCommands } from './sbom-scan-command.ts';
import { registerVexCommands } from './vex-commands.ts';

// Everything OpenISAO writes (the embedded database, backups, runtime files) is for its owner only.
process.umask(0o077);

function config(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(exitCodes.usage);
    }
    throw err;
  }
}

/** Sends a command to the server that holds the embedded database, or explains why it cannot. */
async function callServer(running: RuntimeInfo, dataDir: string, body: unknown): Promise<Response | null> {
  try {
    return await fetch(`http://127.0.0.1:${running.port}/internal/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-isao-cli-secret': running.cliSecret },
      body: JSON.stringify(body),
    });
  } catch {
    process.stderr.write(
      `A server (process ${running.pid}) holds ${dataDir} but does not answer on port ${running.port}. ` +
        `If no OpenISAO server is running, remove ${path.join(dataDir, 'server.json')} and ${path.join(dataDir, 'pglite.lock')}.\n`,
    );
    return null;
  }
}

/** Runs a database command: through the running server when it holds the embedded database, else directly. */
async function runDbCommand(name: string, args: Record<string, unknown>): Promise<number> {
  const cfg = config();
  const running = cfg.databaseUrl ? null : readRuntimeFile(cfg.dataDir);
  if (running) {
    const res = await callServer(running, cfg.dataDir, { command: name, args });
    if (!res) return exitCodes.failed;
    if (!res.ok || !res.body) {
      process.stderr.write(`The running server refused the command (${res.status}).\n`);
      return exitCodes.failed;
    }
    let code: number = exitCodes.failed;
    // One JSON message a line; a line (an exported document) may span many chunks, a character two of them.
    const decoder = new TextDecoder();
    const pending: string[] = [];
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      let text = decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = text.indexOf('\n')) >= 0) {
        pending.push(text.slice(0, nl));
        text = text.slice(nl + 1);
        const msg = JSON.parse(pending.splice(0).join('')) as { out?: string; err?: string; exit?: number };
        if (msg.out !== undefined) process.stdout.write(`${msg.out}\n`);
        if (msg.err !== undefined) process.stderr.write(`${msg.err}\n`);
        if (msg.exit !== undefined) code = msg.exit;
      }
      if (text) pending.push(text);
    }
    return code;
  }
  return withDatabase(
    cfg,
    async (ctx) => {
      try {
        return await dbCommands[name]!.run(
          ctx,
          { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
          args,
        );
      } catch (err) {
        process.stderr.write(`${describeCommandError(err)}\n`);
        return exitCodes.failed;
      }
    },
    { migrate: name !== 'migrate' },
  );
}

async function withDatabase(cfg: Config, fn: (ctx: AppContext) => Promise<number>, options: { migrate?: boolean } = {}): Promise<number> {
  let db;
  try {
    db = await openDatabase(cfg);
  } catch (err) {
    if (err instanceof DatabaseBusyError) {
      process.stderr.write(
        `The embedded database is in use by process ${err.holderPid}, which is not answering as an OpenISAO server. Stop it and try again.\n`,
      );
      return exitCodes.failed;
    }
    throw err;
  }
  const log = pino({ level: 'warn' });
  // The CLI writes through the database; a running server finds its events by polling the log.
  const events = new EventHub(db, new LocalBus(), log);
  const ctx: AppContext = { db, config: cfg, clock: systemClock, mailer: createMailer(cfg.smtpUrl, cfg.mailFrom, log), log, events };
  try {
    if (options.migrate !== false) await migrate(db);
    return await fn(ctx);
  } finally {
    ctx.mailer.close();
    await db.close();
  }
}

const program = new Command('isao')
  .description('OpenISAO: confidential information sharing for medical-device cybersecurity')
  .showHelpAfterError()
  // Usage errors exit 2, so that 1 keeps its meaning of "the check failed" (audit verify, sbom scan findings).
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : exitCodes.usage));

program
  .command('serve')
  .description('start the server (embedded database under ISAO_DATA_DIR unless DATABASE_URL is set)')
  .action(async () => {
    let running;
    try {
      running = await startServer(config());
    } catch (err) {
      if (err instanceof DatabaseBusyError) {
        process.stderr.write(
          `The embedded database is in use by process ${err.holderPid} (another server or an isao command). Stop it, or wait for it to finish.\n`,
        );
        process.exit(exitCodes.failed);
      }
      if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
        process.stderr.write(`Port ${config().port} is already in use: set PORT to a free port.\n`);
        process.exit(exitCodes.failed);
      }
      throw err;
    }
    // The CSAF validator takes seconds to load: loaded now, in the background, so no import or publication waits for it.
    void preloadCsafValidator().catch((err: unknown) => running.ctx.log.warn({ err }, 'the CSAF validator could not be loaded'));
    const stop = async () => {
      await running.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });

const dbAction =
  (name: string, pick: (...a: unknown[]) => Record<string, unknown> = (opts) => (opts ?? {}) as Record<string, unknown>) =>
  async (...a: unknown[]) => {
    process.exitCode = await runDbCommand(name, pick(...a));
  };

program.command('migrate').description('apply database migrations').action(dbAction('migrate'));

const audit = program.command('audit').description('the tamper-evident audit log');
audit.command('verify').description('recompute the hash chain; exits 1 naming the first bad record').action(dbAction('audit verify'));

const user = program.command('user').description('manage people');
user.command('list').option('--org <org>', 'organisation name or id').action(dbAction('user list'));
user
  .command('create')
  .requiredOption('--org <org>', 'organisation name or id')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .requiredOption('--roles <roles>', 'comma-separated: org_admin, analyst, member, read_only (operator: coordinator, platform_admin)')
  .option('--password <password>', 'generated and printed when omitted')
  .action(dbAction('user create'));
user.command('set-password').requiredOption('--email <email>').option('--password <password>').action(dbAction('user set-password'));
user.command('disable').requiredOption('--email <email>').action(dbAction('user disable'));
user.command('enable').requiredOption('--email <email>').action(dbAction('user enable'));
user.command('reset-mfa').description('remove a lost authenticator').requiredOption('--email <email>').action(dbAction('user reset-mfa'));

const org = program.command('org').description('manage organisations');
org.command('list').action(dbAction('org list'));
org
  .command('create')
  .requiredOption('--name <name>')
  .requiredOption('--kind <kind>', 'manufacturer, hdo, researcher, partner, observer, operator')
  .action(dbAction('org create'));
org
  .command('approve')
  .argument('<org>', 'name or id')
  .action(dbAction('org approve', (o) => ({ org: o })));
org
  .command('reject')
  .argument('<org>', 'name or id')
  .requiredOption('--reason <reason>')
  .action(dbAction('org reject', (o, opts) => ({ org: o, ...(opts as object) })));

program
  .command('backup')
  .argument('<file>', 'where to write the backup (gzip JSON lines)')
  .description('write the whole database to a file (works while the server runs)')
  .action(async (file: string) => {
    const cfg = config();
    const target = path.resolve(file);
    const running = cfg.databaseUrl ? null : readRuntimeFile(cfg.dataDir);
    const tmp = `${target}.partial`;
    if (running) {
      const res = await callServer(running, cfg.dataDir, { command: 'backup' });
      if (!res) {
        process.exitCode = exitCodes.failed;
        return;
      }
      if (!res.ok || !res.body) {
        process.stderr.write(`The running server refused the backup (${res.status}).\n`);
        process.exitCode = exitCodes.failed;
        return;
      }
      const out = fs.createWriteStream(tmp, { mode: 0o600 });
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) out.write(chunk);
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      fs.renameSync(tmp, target);
      process.stdout.write(`Backup written to ${target} (through the running server).\n`);
      return;
    }
    process.exitCode = await withDatabase(
      cfg,
      async (ctx) => {
        const counts = await writeBackup(ctx.db, fs.createWriteStream(tmp, { mode: 0o600 }), (table, n) =>
          process.stderr.write(`\r${table}: ${n} rows   `),
        );
        fs.renameSync(tmp, target);
        process.stderr.write('\n');
        process.stdout.write(
          `Backup written to ${target}: ${Object.values(counts).reduce((a, b) => a + b, 0)} rows in ${Object.keys(counts).length} tables.\n`,
        );
        return 0;
      },
      { migrate: false },
    );
  });

program
  .command('restore')
  .argument('<file>', 'a file written by `isao backup`')
  .description('load a backup into an empty database (stop the server first)')
  .action(async (file: string) => {
    const cfg = config();
    if (!cfg.databaseUrl && readRuntimeFile(cfg.dataDir)) {
      process.stderr.write('A server is running on this data folder. Stop it first: restore needs an empty database.\n');
      process.exitCode = exitCodes.failed;
      return;
    }
    if (!fs.existsSync(file)) {
      process.stderr.write(`No file ${file}.\n`);
      process.exitCode = exitCodes.usage;
      return;
    }
    process.exitCode = await withDatabase(
      cfg,
      async (ctx) => {
        try {
          const counts = await restoreBackup(ctx.db, fs.createReadStream(file), (table, n) =>
            process.stderr.write(`\r${table}: ${n} rows   `),
          );
          process.stderr.write('\n');
          process.stdout.write(
            `Restored ${Object.values(counts).reduce((a, b) => a + b, 0)} rows in ${Object.keys(counts).length} tables.\n`,
          );
          return 0;
        } catch (err) {
          process.stderr.write(`\nRestore failed, nothing was written: ${describeCommandError(err)}\n`);
          return exitCodes.failed;
        }
      },
      { migrate: false },
    );
  });

registerSbomCommands(program, dbAction);
registerVexCommands(program, dbAction);

const vulndb = program.command('vulndb').description('the vulnerability database (OSV, CVE JSON 5, KEV, EPSS)');
vulndb
  .command('import')
  .description('import feed files, folders or all.zip archives; idempotent; re-matches the SBOMs the changes affect')
  .argument('<paths...>')
  .action(dbAction('vulndb import', (paths) => ({ paths: (paths as string[]).map((p) => path.resolve(p)) })));
vulndb.command('status').description('what is loaded and how fresh').action(dbAction('vulndb status'));

const feeds = program
  .command('feeds')
  .description('scheduled feeds of vulnerability data and advisories (the server fetches them when due)');
const asOption = '--as <email>';
const asHelp = 'act as this ISAO coordinator or platform admin (default: the first platform admin)';
feeds.command('list').description('the feeds and how their last run went').option(asOption, asHelp).action(dbAction('feeds list'));
feeds
  .command('add')
  .description(
    'add a feed: OSV/CVE 5/NVD/KEV/EPSS files or archives (kind vulndb) or one CSAF file (kind csaf), by https:// or file:// URL',
  )
  .requiredOption('--name <name>', 'a name people recognise')
  .requiredOption('--kind <kind>', 'vulndb or csaf')
  .requiredOption('--url <url>', 'https://, http:// or file:// URL')
  .requiredOption('--every <minutes>', 'how often to fetch, in minutes (5 to 43200)')
  .option(asOption, asHelp)
  .action(dbAction('feeds add'));
feeds
  .command('run')
  .description('fetch the given feed, or every feed that is due, now (exit 1 when one failed)')
  .argument('[id]')
  .option(asOption, asHelp)
  .action(dbAction('feeds run', (id, options) => ({ id, ...(options as object) })));

const importCommand = program.command('import').description('import documents published elsewhere');
importCommand
  .command('csaf')
  .description('import CSAF 2.0 advisories (files or folders); validated; idempotent; an older revision never replaces a newer one')
  .argument('<paths...>')
  .option('--as <email>', 'record the import as this ISAO coordinator or platform admin (default: the first platform admin)')
  .action(
    dbAction('import csaf', (paths, options) => ({
      paths: (paths as string[]).map((p) => path.resolve(p)),
      as: (options as { as?: string }).as,
    })),
  );

await program.parseAsync(process.argv);
