import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { changeListener } from './change-listener.ts';
import { ChangeTracker, cachedTablesWritten } from './change-tracker.ts';
import { copyStatement } from './copy-format.ts';

/** Anything SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Bulk-loads rows into `table (columns)` with COPY: `chunks` are whole lines of COPY's text format (see
   * copy-format.ts), read as the database takes them, so a caller may compute the next chunk while the database
   * stores the last. Outside a transaction the load is one statement: all rows or none.
   */
  copyIn(table: string, columns: readonly string[], chunks: Iterable<string> | AsyncIterable<string>): Promise<void>;
}

/** The database: PGlite (embedded) or PostgreSQL, used through the same SQL. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Whether what a cached read was made from may have changed since (see change-tracker.ts). */
  readonly changes: ChangeTracker;
  /**
   * PostgreSQL: LISTEN for changes other processes commit, so that `changes` can vouch for cached reads (until then
   * it answers null). Once per Db; a lost connection is re-established. A no-op on PGlite.
   */
  listenForChanges(): Promise<void>;
  close(): Promise<void>;
}

// int8 counts and ids fit in a JS number; numeric is read as a number too.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

// Data statements run as named (prepared) statements: PostgreSQL then plans each text once per
// connection instead of on every call, which was most of a short query's cost. DDL stays unnamed, and so does a statement
// that starts with the comment PLAN_PER_CALL: its best plan depends on its values (a full-text search for a rare or a
// common word), so it must not switch to a generic plan.
const statementNames = new Map<string, string>();
/** Put first in a statement whose plan must be made for each call's values. */
export const PLAN_PER_CALL = '/* plan per call */ ';
const MAX_NAMED_STATEMENTS = 1000;
function statementName(sql: string): string | undefined {
  const known = statementNames.get(sql);
  if (known) return known;
  if (statementNames.size >= MAX_NAMED_STATEMENTS || !/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(sql)) return undefined;
  const name = `isao_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
  statementNames.set(sql, name);
  return name;
}

type Statements = Pick<Db, 'query' | 'copyIn' | 'transaction' | 'exec'>;

/**
 * A driver's statements, telling the change tracker what each write may have changed, once it is over (committed or
 * not): a statement at once, a transaction's statements after COMMIT or ROLLBACK, and anything `exec` ran (several
 * statements, not parsed: migrations and restores).
 */
function trackWrites(changes: ChangeTracker, raw: Statements): Statements {
  return {
    async query(sql, params) {
      try {
        return await raw.query(sql, params);
      } finally {
        changes.changed(cachedTablesWritten(sql));
      }
    },
    async copyIn(table, columns, chunks) {
      try {
        await raw.copyIn(table, columns, chunks);
      } finally {
        changes.changed(cachedTablesWritten(copyStatement(table, columns, 'STDIN')));
      }
    },
    async transaction(fn) {
      const written = new Set<string>();
      try {
        return await raw.transaction((tx) =>
          fn({
            query: (sql, params) => {
              for (const t of cachedTablesWritten(sql)) written.add(t);
              return tx.query(sql, params);
            },
            copyIn: (table, columns, chunks) => {
              for (const t of cachedTablesWritten(copyStatement(table, columns, 'STDIN'))) written.add(t);
              return tx.copyIn(table, columns, chunks);
            },
          }),
        );
      } finally {
        changes.changed(written); // after COMMIT: a read from now on sees the change, and misses the cache
      }
    },
    async exec(sql) {
      try {
        await raw.exec(sql);
      } finally {
        changes.changedEverything();
      }
    },
  };
}

/** Connects to PostgreSQL through a pool. */
export function openPostgres(url: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  pool.on('error', () => undefined); // an idle client dropped by the server is replaced on next use
  const changes = new ChangeTracker({ needsListener: true });
  // This pool's own writes already moved `changes` when they committed; their notifications, arriving a moment later,
  // would only empty the caches a second time.
  const ownBackends = new Set<number>();
  const backendOf = (c: pg.PoolClient) => (c as unknown as { processID: number | null }).processID;
  pool.on('connect', (c) => {
    const pid = backendOf(c);
    if (pid !== null) ownBackends.add(pid);
  });
  pool.on('remove', (c) => {
    const pid = backendOf(c);
    if (pid !== null) ownBackends.delete(pid);
  });
  const listener = changeListener(url, changes, ownBackends);
  const run = async <T>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    const name = statementName(sql);
    const values = params as unknown[] | undefined;
    return (await (name ? client.query({ name, text: sql, values }) : client.query(sql, values))).rows as T[];
  };
  // Chunks go to the server as the socket drains; a failing source sends CopyFail, which undoes the COPY.
  const copy = async (
    client: pg.PoolClient,
    table: string,
    columns: readonly string[],
    chunks: Iterable<string> | AsyncIterable<string>,
  ) => {
    await pipeline(Readable.from(chunks, { objectMode: false }), client.query(copyFrom(copyStatement(table, columns, 'STDIN'))));
  };
  return {
    kind: 'postgres',
    ...trackWrites(changes, {
      query: (sql, params) => run(pool, sql, params),
      async copyIn(table, columns, chunks) {
        const client = await pool.connect();
        try {
          await copy(client, table, columns, chunks);
        } finally {
          client.release();
        }
      },
      async transaction(fn) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn({
            query: (sql, params) => run(client, sql, params),
            copyIn: (table, columns, chunks) => copy(client, table, columns, chunks),
          });
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      },
      async exec(sql) {
        await pool.query(sql);
      },
    }),
    changes,
    listenForChanges: () => listener.start(),
    async close() {
      await listener.stop();
      await pool.end();
    },
  };
}

/** Wraps an open PGlite instance (file-backed or in memory). */
export function wrapPglite(pglite: PGlite, onClose?: () => void): Db {
  const parse = { 20: (v: string) => Number.parseInt(v, 10), 1700: (v: string) => Number.parseFloat(v) };
  // One process holds the embedded database, so the writes it makes are all the changes there are.
  const changes = new ChangeTracker({ needsListener: false });
  const copy =
    (target: Pick<PGlite, 'query'>) => (table: string, columns: readonly string[], chunks: Iterable<string> | AsyncIterable<string>) =>
      copyIntoPglite(target, copyStatement(table, columns, "'/dev/blob'"), chunks);
  return {
    kind: 'pglite',
    ...trackWrites(changes, {
      query: async (sql, params) => (await pglite.query(sql, params as unknown[] | undefined, { parsers: parse })).rows as never,
      // One statement, so all rows or none, as on PostgreSQL.
      copyIn: (table, columns, chunks) => pglite.transaction((tx) => copy(tx)(table, columns, chunks)),
      transaction: (fn) =>
        pglite.transaction((tx) =>
          fn({
            query: async (sql, params) => (await tx.query(sql, params as unknown[] | undefined, { parsers: parse })).rows as never,
            copyIn: copy(tx),
          }),
        ),
      async exec(sql) {
        await pglite.exec(sql);
      },
    }),
    changes,
    listenForChanges: async () => undefined,
    async close() {
      await pglite.close();
      onClose?.();
    },
  };
}

// PGlite reads COPY data from a Blob: the chunks are gathered into blobs of about this size, one COPY each, so the
// embedded database never holds a whole large load at once.
const PGLITE_COPY_BYTES = 2 * 1024 * 1024;

async function copyIntoPglite(target: Pick<PGlite, 'query'>, statement: string, chunks: Iterable<string> | AsyncIterable<string>) {
  let parts: string[] = [];
  let size = 0;
  const flush = async () => {
    if (parts.length === 0) return;
    const blob = new Blob(parts);
    parts = [];
    size = 0;
    await target.query(statement, [], { blob });
  };
  for await (const chunk of chunks) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= PGLITE_COPY_BYTES) await flush();
  }
  await flush();
}

/** Thrown when another process already holds the embedded database. */
export class DatabaseBusyError extends Error {
  constructor(readonly holderPid: number) {
    super(`the embedded database is in use by process ${holderPid}`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Opens the file-backed PGlite database under dataDir/pglite. PGlite is single-process, so a
 * lock file records the owner; a second process is refused instead of corrupting the files.
 */
export async function openEmbedded(dataDir: string): Promise<Db> {
  // The embedded database holds everything that was shared: readable by its owner only.
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  const lockPath = path.join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isFinite(holder) && holder !== process.pid && isAlive(holder)) throw new DatabaseBusyError(holder);
      fs.rmSync(lockPath, { force: true }); // stale lock of a process that is gone
    }
  }
  const release = () => fs.rmSync(lockPath, { force: true });
  try {
    const pglite = await PGlite.create(path.join(dataDir, 'pglite'));
    return wrapPglite(pglite, release);
  } catch (err) {
    release();
    throw err;
  }
}

/** Thrown for work that arrives after close() began (a request still running at shutdown). */
export class DatabaseClosedError extends Error {
  constructor() {
    super('the database is shutting down');
  }
}

/**
 * Lets close() wait for queries and transactions already running (up to `graceMs`), and refuses new
 * ones, so a shutdown never pulls the database from under a request.
 */
export function drainOnClose(db: Db, graceMs = 5000): Db {
  let active = 0;
  let closing = false;
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closing) throw new DatabaseClosedError();
    active++;
    try {
      return await work();
    } finally {
      active--;
    }
  };
  return {
    kind: db.kind,
    query: (sql, params) => track(() => db.query(sql, params)),
    copyIn: (table, columns, chunks) => track(() => db.copyIn(table, columns, chunks)),
    transaction: (fn) => track(() => db.transaction(fn)),
    exec: (sql) => track(() => db.exec(sql)),
    changes: db.changes,
    listenForChanges: () => db.listenForChanges(),
    async close() {
      closing = true;
      const deadline = Date.now() + graceMs;
      while (active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await db.close();
    },
  };
}

/** Opens the database the configuration names. */
export async function openDatabase(config: { databaseUrl?: string | undefined; dataDir: string }): Promise<Db> {
  return drainOnClose(config.databaseUrl ? openPostgres(config.databaseUrl) : await openEmbedded(config.dataDir));
}
