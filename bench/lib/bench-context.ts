import pino from 'pino';
import { EventHub, LocalBus } from '../../src/modules/events/index.ts';
import { loadConfig } from '../../src/server/config.ts';
import { type AppContext, systemClock } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { createMailer } from '../../src/server/mail.ts';

/** An application context on a data folder (PGlite) or DATABASE_URL, migrated, without the HTTP server. */
export async function openBenchContext(dataDir: string, databaseUrl?: string, env: Record<string, string> = {}): Promise<AppContext> {
  const config = loadConfig({ ISAO_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env });
  const db = await openDatabase(config);
  await migrate(db);
  const log = pino({ level: 'warn' });
  return {
    db,
    config,
    clock: systemClock,
    mailer: createMailer(undefined, config.mailFrom, log),
    log,
    events: new EventHub(db, new LocalBus(), log),
  };
}
