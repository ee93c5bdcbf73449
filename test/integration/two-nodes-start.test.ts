import pino from 'pino';
import { EventHub, LocalBus } from '../../src/modules/events/index.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootstrapOperator } from '../../src/modules/members/bootstrap.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { AppContext } from '../../src/server/context.ts';
import { openPostgres, type Db } from '../../src/server/db/client.ts';
import { listMigrations, migrate } from '../../src/server/db/migrate.ts';
import { createMailer } from '../../src/server/mail.ts';
import { createPostgresDatabase, withDatabase, postgresReachable } from '../support/test-database.ts';

// Two app nodes starting at once on one empty PostgreSQL database: one migrates, one bootstraps.
const url = process.env.ISAO_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
let reachable = false;
beforeAll(async () => {
  reachable = await postgresReachable(url);
});

const contextFor = (db: Db): AppContext => {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    ISAO_ADMIN_EMAIL: 'ops@isao.example',
    ISAO_ADMIN_PASSWORD: 'a long operator passphrase',
  });
  const log = pino({ level: 'silent' });
  return {
    db,
    config,
    clock: { now: () => new Date() },
    mailer: createMailer(undefined, config.mailFrom, log),
    log,
    events: new EventHub(db, new LocalBus(), log),
  };
};

describe('two nodes starting together on PostgreSQL', () => {
  it('apply every migration once and create exactly one operator admin', async (test) => {
    if (!reachable) test.skip(); // every CI run has PostgreSQL
    const shared = await createPostgresDatabase(url, 'isao_2n');
    const dbName = (await shared.query<{ d: string }>('SELECT current_database() AS d'))[0]!.d;
    const nodeA = openPostgres(withDatabase(url, dbName), { max: 2 });
    const nodeB = openPostgres(withDatabase(url, dbName), { max: 2 });
    try {
      const [a, b] = await Promise.all([migrate(nodeA), migrate(nodeB)]);
      expect([...a, ...b].sort()).toEqual(listMigrations().map((m) => m.version));
      const [x, y] = await Promise.all([bootstrapOperator(contextFor(nodeA)), bootstrapOperator(contextFor(nodeB))]);
      expect([x.created, y.created].filter(Boolean)).toHaveLength(1);
      expect(await shared.query('SELECT 1 FROM people')).toHaveLength(1);
      expect(await shared.query("SELECT 1 FROM organisations WHERE kind = 'operator'")).toHaveLength(1);
    } finally {
      await nodeA.close();
      await nodeB.close();
      await shared.close();
    }
  });
});
