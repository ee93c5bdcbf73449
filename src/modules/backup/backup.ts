import { createGunzip, createGzip } from 'node:zlib';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import type { Db, Queryable } from '../../server/db/client.ts';
import { currentVersion, listMigrations, migrate } from '../../server/db/migrate.ts';
import { appendAudit } from '../audit/index.ts';

/** First line of a backup file. */
export interface BackupHeader {
  format: 'openisao-backup';
  version: 1;
  schema: string;
  createdAt: string;
  source: 'pglite' | 'postgres';
}

const BATCH = 2000;

/**
 * References kept by triggers instead of foreign keys (migration 0016: checked once per statement for bulk loads):
 * the parent's rows must be restored first all the same.
 */
export const REFERENCES_BY_TRIGGER: readonly { child: string; parent: string }[] = [
  { child: 'sbom_components', parent: 'sboms' },
  { child: 'findings', parent: 'sboms' },
];

/** The application's tables (schema public, without the migrations ledger), parents before children. */
export async function tablesInDependencyOrder(db: Queryable): Promise<string[]> {
  const tables = (
    await db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations' ORDER BY c.relname`,
    )
  ).map((r) => r.name);
  const edges = (
    await db.query<{ child: string; parent: string }>(
      `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND c.relname <> p.relname`,
    )
  ).concat(REFERENCES_BY_TRIGGER);
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (ordered.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const e of edges) if (e.child === t) visit(e.parent);
    visiting.delete(t);
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered;
}

async function primaryKey(db: Queryable, table: string): Promise<string[]> {
  const rows = await db.query<{ col: string }>(
    `SELECT a.attname AS col FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int[], a.attnum::int)`,
    [`public.${table}`],
  );
  return rows.map((r) => r.col);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Each table's rows, in primary-key order, as JSON text (the form both dump and compare use). */
export async function* tableRows(db: Queryable, table: string): AsyncGenerator<string[]> {
  const pk = await primaryKey(db, table);
  const order = (pk.length > 0 ? pk : ['ctid']).map(quote).join(', ');
  if (pk.length === 0) {
    yield (await db.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${quote(table)} t`)).map((r) => r.j);
    return;
  }
  let after: unknown[] | null = null;
  for (;;) {
    const cond: string = after ? `WHERE (${order}) > (${after.map((_, i) => `$${i + 1}`).join(', ')})` : '';
    const rows: { j: string; k: unknown[] }[] = await db.query<{ j: string; k: unknown[] }>(
      `SELECT row_to_json(t)::text AS j, ARRAY[${pk.map((c) => `t.${quote(c)}::text`).join(', ')}] AS k
       FROM ${quote(table)} t ${cond} ORDER BY ${order} LIMIT ${BATCH}`,
      after ?? [],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => r.j);
    after = rows.at(-1)!.k;
    if (rows.length < BATCH) return;
  }
}

/**
 * Writes a gzip'd JSON-lines backup of every table; works on PGlite and PostgreSQL alike. The
 * export itself is audited first, so the backup carries the record of its own making.
 */
export async function writeBackup(
  db: Db,
  out: Writable,
  onProgress?: (table: string, rows: number) => void,
  by = 'cli',
): Promise<Record<string, number>> {
  await db.transaction((tx) =>
    appendAudit(tx, { actor: { label: by }, action: 'backup.exported', targetType: 'database', at: new Date() }),
  );
  const gzip = createGzip();
  gzip.pipe(out);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  const schema = await currentVersion(db);
  if (!schema) throw new Error('the database has no schema to back up');
  const header: BackupHeader = { format: 'openisao-backup', version: 1, schema, createdAt: new Date().toISOString(), source: db.kind };
  await write(JSON.stringify(header));
  const counts: Record<string, number> = {};
  for (const table of await tablesInDependencyOrder(db)) {
    await write(JSON.stringify({ table }));
    let n = 0;
    for await (const batch of tableRows(db, table)) {
      for (const row of batch) await write(row);
      n += batch.length;
      onProgress?.(table, n);
    }
    counts[table] = n;
  }
  await write(JSON.stringify({ end: true, counts }));
  gzip.end();
  await once(out, 'finish');
  return counts;
}

/** Thrown for a file that is not a backup, or a database that is not empty. */
export class RestoreError extends Error {}

/**
 * Restores a backup into an empty database in one transaction: migrates to the backup's schema,
 * loads every row, then applies any newer migrations. Nothing is written if anything fails.
 */
export async function restoreBackup(
  db: Db,
  input: Readable,
  onProgress?: (table: string, rows: number) => void,
): Promise<Record<string, number>> {
  const lines = readline.createInterface({ input: input.pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next().catch(() => {
    throw new RestoreError('this file is not an OpenISAO backup (not gzip)');
  });
  let header: BackupHeader;
  try {
    header = JSON.parse(String(first.value)) as BackupHeader;
  } catch {
    throw new RestoreError('this file is not an OpenISAO backup');
  }
  if (header.format !== 'openisao-backup' || header.version !== 1)
    throw new RestoreError('this file is not an OpenISAO backup (unknown format)');
  const known = listMigrations().map((m) => m.version);
  if (!known.includes(header.schema)) throw new RestoreError(`the backup's schema ${header.schema} is unknown to this version of OpenISAO`);
  const existing = await currentVersion(db);
  if (existing) {
    for (const table of await tablesInDependencyOrder(db)) {
      const rows = await db.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`);
      if (rows.length > 0)
        throw new RestoreError(`the target database is not empty (table ${table} has rows); restore needs an empty database`);
    }
    if (existing > header.schema)
      throw new RestoreError('the target database has a newer schema than the backup; restore into an empty database');
  }
  await migrate(db, header.schema);
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    let table: string | null = null;
    let batch: string[] = [];
    let ended = false;
    const flush = async () => {
      if (!table || batch.length === 0) return;
      await tx.query(`INSERT INTO ${quote(table)} SELECT * FROM json_populate_recordset(NULL::${quote(table)}, $1::json)`, [
        `[${batch.join(',')}]`,
      ]);
      counts[table] = (counts[table] ?? 0) + batch.length;
      onProgress?.(table, counts[table] ?? 0);
      batch = [];
    };
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await iterator.next();
      } catch {
        throw new RestoreError('the backup file is damaged (gzip error)');
      }
      if (next.done) break;
      const line = next.value;
      if (line.startsWith('{"table":')) {
        await flush();
        table = (JSON.parse(line) as { table: string }).table;
        counts[table] = 0;
      } else if (line.startsWith('{"end":true')) {
        await flush();
        const expected = (JSON.parse(line) as { counts: Record<string, number> }).counts;
        for (const [t, n] of Object.entries(expected)) {
          if ((counts[t] ?? 0) !== n)
            throw new RestoreError(`the backup is incomplete: table ${t} has ${counts[t] ?? 0} rows, expected ${n}`);
        }
        ended = true;
      } else if (table) {
        batch.push(line);
        if (batch.length >= BATCH) await flush();
      } else {
        throw new RestoreError('the backup file is damaged (rows before a table)');
      }
    }
    if (!ended) throw new RestoreError('the backup file is truncated (no end marker)');
  });
  await migrate(db);
  return counts;
}
