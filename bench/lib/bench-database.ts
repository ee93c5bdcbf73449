import { openBenchContext } from './bench-context.ts';
import { UsageError, log, parseArgs } from './report.ts';

/**
 * Parses a benchmark's options, adding `--engine pglite|postgres` and `--database-url` (the PostgreSQL server, default
 * ISAO_BENCH_DATABASE_URL or the local one). Returns null after logging the message on a usage error.
 */
export function parseEngineArgs(args: string[], known: Record<string, string | undefined>): Record<string, string | undefined> | null {
  try {
    return parseArgs(args, {
      ...known,
      engine: 'pglite',
      'database-url': process.env.ISAO_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    });
  } catch (e) {
    if (e instanceof UsageError) {
      log(e.message);
      return null;
    }
    throw e;
  }
}

/** The URL of database `name` on the server at `serverUrl`. */
function databaseUrlFor(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates database `name` afresh (dropped first if present) on the server at `serverUrl`; returns its URL. */
export async function createBenchDatabase(work: string, serverUrl: string, name: string): Promise<string> {
  const admin = await openBenchContext(work, serverUrl);
  await admin.db.exec(`DROP DATABASE IF EXISTS ${name}`);
  await admin.db.exec(`CREATE DATABASE ${name}`);
  await admin.db.close();
  return databaseUrlFor(serverUrl, name);
}

/** Drops the given databases on the server at `serverUrl`, ignoring failures (for `finally` clean-up). */
export async function dropBenchDatabases(work: string, serverUrl: string, names: string[]): Promise<void> {
  const admin = await openBenchContext(work, serverUrl).catch(() => null);
  for (const name of names) await admin?.db.exec(`DROP DATABASE IF EXISTS ${name}`).catch(() => undefined);
  await admin?.db.close();
}
