import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Db, openPostgres, wrapPglite } from '../../src/server/db/client.ts';
import { migrate } from '../../src/server/db/migrate.ts';

/**
 * Tests run on PGlite by default and on PostgreSQL when ISAO_TEST_DATABASE_URL is set
 * (e.g. postgres://127.0.0.1:5432/postgres): each test file gets its own fresh, migrated database,
 * cloned from a template made once per run.
 */
export const testPostgresUrl = process.env.ISAO_TEST_DATABASE_URL || undefined;
export const testEngine: 'pglite' | 'postgres' = testPostgresUrl ? 'postgres' : 'pglite';

const templateFile = () => path.join(os.tmpdir(), `openisao-test-template-${process.env.ISAO_TEST_RUN_ID ?? 'local'}.tar.gz`);
const templateDbName = () => `isao_template_${(process.env.ISAO_TEST_RUN_ID ?? 'local').replace(/\W/g, '_')}`;

/** Builds the migrated template (called once, from the global setup). */
export async function buildTemplate(): Promise<void> {
  if (testPostgresUrl) {
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    const name = templateDbName();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const db = openPostgres(withDatabase(testPostgresUrl, name), { max: 1 });
    await migrate(db);
    await db.close();
    return;
  }
  const pglite = await PGlite.create();
  const db = wrapPglite(pglite);
  await migrate(db);
  const dump = await pglite.dumpDataDir('gzip');
  fs.writeFileSync(templateFile(), Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
}

/** Removes the template (global teardown). */
export async function dropTemplate(): Promise<void> {
  if (testPostgresUrl) {
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${templateDbName()}`);
    await admin.end();
  } else {
    fs.rmSync(templateFile(), { force: true });
  }
}

/** Whether a PostgreSQL server answers at `url` (the multi-node tests need one; every CI run has it). */
export async function postgresReachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  const ok = await c.connect().then(
    () => true,
    () => false,
  );
  await c.end().catch(() => undefined);
  return ok;
}

/** The URL of another database on the same server. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates a database on the server at `url` (a clone of `template` when given); close() drops it. */
export async function createPostgresDatabase(url: string, prefix: string, template?: string): Promise<Db> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  await admin.end();
  const db = openPostgres(withDatabase(url, name), { max: 5 });
  return {
    ...db,
    async close() {
      await db.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** A fresh, migrated, empty database for one test file; close() removes it. */
export async function createTestDatabase(): Promise<Db> {
  if (testPostgresUrl) return createPostgresDatabase(testPostgresUrl, 'isao_t', templateDbName());
  const blob = new Blob([fs.readFileSync(templateFile())]);
  return wrapPglite(await PGlite.create({ loadDataDir: blob }));
}
