import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './client.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** One SQL migration file, named NNNN_description.sql. */
export interface Migration {
  version: string;
  sql: string;
}

/** The migrations shipped with this build, in order. */
export function listMigrations(): Migration[] {
  return fs
    .readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(migrationsDir, f), 'utf8') }));
}

/** Applies every migration not yet applied, each in its own transaction; returns the versions applied. */
export async function migrate(db: Db, upTo?: string): Promise<string[]> {
  // Under the same lock as the migrations: two nodes starting at once would otherwise race on
  // CREATE TABLE IF NOT EXISTS (it is not safe against a concurrent create in PostgreSQL).
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7263001)');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  });
  const applied: string[] = [];
  for (const m of listMigrations()) {
    if (upTo && m.version > upTo) break;
    const done = await db.transaction(async (tx) => {
      // Serialises concurrent starts of several nodes on one PostgreSQL.
      await tx.query('SELECT pg_advisory_xact_lock(7263001)');
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/** The newest migration applied to this database, or null for an empty one. */
export async function currentVersion(db: Db): Promise<string | null> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!exists[0]?.t) return null;
  const rows = await db.query<{ v: string | null }>('SELECT max(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? null;
}

/**
 * Splits a migration into statements at lines ending in `;`, except inside `$$`-quoted bodies
 * (functions), and drops comment lines.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inBody = false;
  for (const line of sql.split('\n')) {
    if (!inBody && /^\s*--/.test(line)) continue;
    current.push(line);
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inBody = !inBody;
    if (!inBody && /;\s*$/.test(line)) {
      statements.push(current.join('\n').trim().replace(/;$/, ''));
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest) statements.push(rest);
  return statements.filter((st) => st.length > 0);
}
