import { PassThrough, Readable } from 'node:stream';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../src/modules/audit/index.ts';
import { RestoreError, restoreBackup, tableRows, tablesInDependencyOrder, writeBackup } from '../../src/modules/backup/backup.ts';
import type { Db } from '../../src/server/db/client.ts';
import { wrapPglite } from '../../src/server/db/client.ts';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from '../../src/server/db/migrate.ts';
import { createPostgresDatabase } from '../support/test-database.ts';
import { makeGroup, makeOrg, makePerson } from '../support/factories.ts';

// Backups must move between engines in both directions: PGlite ⇄ PostgreSQL.
const postgresUrl = process.env.ISAO_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
let postgresReachable = false;

const emptyPostgres = () => createPostgresDatabase(postgresUrl, 'isao_bk');
const emptyPglite = async () => wrapPglite(await PGlite.create());

async function backupBytes(db: Db): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeBackup(db, out);
  return Buffer.concat(chunks);
}

async function contentOf(db: Db): Promise<Record<string, string[]>> {
  const content: Record<string, string[]> = {};
  for (const table of await tablesInDependencyOrder(db)) {
    content[table] = [];
    for await (const batch of tableRows(db, table)) content[table].push(...batch);
  }
  return content;
}

async function fill(db: Db) {
  await migrate(db);
  const org = await makeOrg(db, 'manufacturer', { name: 'Ünïcödé Pumps "quoted" \\ back' });
  const hdo = await makeOrg(db, 'hdo');
  const person = await makePerson(db, org.id, ['org_admin', 'analyst']);
  await makeGroup(db, org.id, person.id, [hdo.id], true);
  await db.query(
    `INSERT INTO notices (title, body, tlp, audience, owner_org_id, author_id, recipient_org_ids, recipient_person_ids, anonymous, embargo_until, created_at, updated_at)
     VALUES ('t', E'line1\\nline2 ✓', 'RED', 'orgs', $1, $2, $3, $4, true, '2030-01-01T00:00:00.123456Z', now(), now())`,
    [org.id, person.id, [hdo.id], [person.id]],
  );
  // An advisory: full-text vector, numeric score, arrays, JSON content and the document text all survive the trip.
  const [advisory] = await db.query<{ id: string }>(
    `INSERT INTO advisories (publisher_namespace, publisher_name, tracking_id, source, category, title, tracking_status, version,
       initial_release_date, current_release_date, csaf_tlp, summary, max_score, cves, vendors, document, sha256, content, search,
       tlp, audience, owner_org_id, author_id, imported_at, updated_at)
     VALUES ('https://example.test/', 'Ünïcödé CERT', 'EX-2026-001', 'imported', 'csaf_security_advisory', 'Infusion pump ✓', 'final', '2',
       now(), now(), 'WHITE', 'summary', 9.8, '{CVE-2026-0001}', '{Ünïcödé Pumps}', '{"document": {"title": "Infusion pump ✓"}}', 'ab',
       '{"notes": [], "deep": {"a": [1, null]}}',
       setweight(to_tsvector('english', 'Infusion pump ✓'), 'A') || to_tsvector('simple', 'EX-2026-001 CVE-2026-0001 Ünïcödé'),
       'CLEAR', 'public', $1, $2, now(), now()) RETURNING id`,
    [org.id, person.id],
  );
  await db.query(
    `INSERT INTO advisory_products (advisory_id, csaf_product_id, name, vendor, product_name, version_text, statuses)
     VALUES ($1, 'CSAFPID-0001', 'Pump 1.0', 'Ünïcödé Pumps', 'Pump', '<= 1.0', '{known_affected}')`,
    [advisory!.id],
  );
  for (let i = 0; i < 5; i++) {
    await db.transaction((tx) =>
      appendAudit(tx, {
        actor: { label: 'test' },
        action: 'test.event',
        detail: { i, text: 'ünïcödé', deep: { a: [1, 2, { b: null }] } },
        at: new Date(),
      }),
    );
  }
}

beforeAll(async () => {
  try {
    const c = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2000 });
    await c.connect();
    await c.end();
    postgresReachable = true;
  } catch {
    postgresReachable = false;
  }
});
const directions: [string, () => Promise<Db>, () => Promise<Db>][] = [
  ['PGlite → PGlite', emptyPglite, emptyPglite],
  ['PGlite → PostgreSQL', emptyPglite, emptyPostgres],
  ['PostgreSQL → PGlite', emptyPostgres, emptyPglite],
  ['PostgreSQL → PostgreSQL', emptyPostgres, emptyPostgres],
];

describe('backup and restore', () => {
  for (const [name, makeSource, makeTarget] of directions) {
    it(`round-trips the whole database ${name} with identical content`, async (test) => {
      if (name.includes('PostgreSQL') && !postgresReachable) {
        // Every CI run has PostgreSQL; a machine without it still tests the PGlite direction.
        test.skip();
      }
      const source = await makeSource();
      const target = await makeTarget();
      try {
        await fill(source);
        const bytes = await backupBytes(source);
        await restoreBackup(target, Readable.from(bytes));
        expect(await contentOf(target)).toEqual(await contentOf(source));
        expect((await verifyAuditChain(target)).ok).toBe(true);
        await expect(restoreBackup(target, Readable.from(bytes))).rejects.toThrow(/not empty/);
      } finally {
        await source.close();
        await target.close();
      }
    });
  }

  it('refuses a damaged or foreign file and writes nothing', async () => {
    const source = await emptyPglite();
    await fill(source);
    const bytes = await backupBytes(source);
    await source.close();
    const cases: [Buffer, RegExp][] = [
      [Buffer.from('not a backup at all'), /not an OpenISAO backup/],
      [bytes.subarray(0, Math.floor(bytes.length / 2)), /damaged|truncated/],
    ];
    for (const [input, message] of cases) {
      const target = await emptyPglite();
      const err = await restoreBackup(target, Readable.from(input)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RestoreError);
      expect(String(err)).toMatch(message);
      const orgs = await target
        .query<{ n: number }>("SELECT count(*)::int AS n FROM organisations WHERE to_regclass('organisations') IS NOT NULL")
        .catch(() => [{ n: 0 }]);
      expect(orgs[0]!.n).toBe(0);
      await target.close();
    }
  });
});
