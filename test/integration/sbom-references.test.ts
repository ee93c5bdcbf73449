/**
 * Components and findings refer to their SBOM through statement-level triggers (migration 0016) instead of foreign
 * keys: the same guarantees must hold. Both engines; the concurrent delete only on PostgreSQL (PGlite has one
 * connection).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/client.ts';
import { makeOrg, makePerson } from '../support/factories.ts';
import { createTestDatabase, testPostgresUrl } from '../support/test-database.ts';

let db: Db;
let versionId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  const org = await makeOrg(db, 'manufacturer');
  const person = await makePerson(db, org.id, ['analyst']);
  const [product] = await db.query<{ id: string }>(
    `INSERT INTO products (owner_org_id, name, created_by, created_at) VALUES ($1, 'Reference pump', $2, now()) RETURNING id`,
    [org.id, person.id],
  );
  const [version] = await db.query<{ id: string }>(
    `INSERT INTO product_versions (product_id, version, created_at) VALUES ($1, '1.0', now()) RETURNING id`,
    [product!.id],
  );
  versionId = version!.id;
});
afterAll(async () => db.close());

let n = 0;
async function newSbom(): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO sboms (product_version_id, sha256, byte_size, format, spec_version, encoding, quality, component_count, uploaded_at)
     VALUES ($1, $2, 1, 'cyclonedx', '1.6', 'json', '{}', 1, now()) RETURNING id`,
    [versionId, `sha-${++n}`],
  );
  return row!.id;
}
const component = (sbomId: string, position = 0) =>
  db.query(`INSERT INTO sbom_components (sbom_id, position, ref, name, component_key) VALUES ($1, $2, 'c', 'lib', 'k')`, [
    sbomId,
    position,
  ]);
const finding = (sbomId: string, vulnKey = 'CVE-2026-0001') =>
  db.query<{ id: string }>(
    `INSERT INTO findings (sbom_id, component_key, component, vuln_key, vulnerability, record_ids, matched_by, opened_at, updated_at)
     VALUES ($1, 'k', '{}', $2, '{}', '{}', 'purl', now(), now()) RETURNING id`,
    [sbomId, vulnKey],
  );
const missingSbom = '00000000-0000-4000-8000-000000000000';
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code?: string }) => e.code,
  );

describe('references of components and findings to their SBOM', () => {
  it('refuses rows whose SBOM does not exist, by insert and by COPY, and keeps nothing of the statement', async () => {
    expect(await codeOf(component(missingSbom))).toBe('23503');
    expect(await codeOf(finding(missingSbom))).toBe('23503');
    const sbomId = await newSbom();
    const line = (sbom: string, position: number) => `${sbom}\t${position}\tc\tlib\tk\n`;
    const copied = db.copyIn(
      'sbom_components',
      ['sbom_id', 'position', 'ref', 'name', 'component_key'],
      [line(sbomId, 0), line(missingSbom, 1)],
    );
    expect(await codeOf(copied)).toBe('23503');
    expect(await db.query('SELECT 1 FROM sbom_components WHERE sbom_id = $1', [sbomId])).toEqual([]);
  });

  it('never moves a row to another SBOM, nor changes an SBOM id', async () => {
    const a = await newSbom();
    const b = await newSbom();
    await component(a);
    await finding(a);
    expect(await codeOf(db.query('UPDATE sbom_components SET sbom_id = $2 WHERE sbom_id = $1', [a, b]))).toBe('23503');
    expect(await codeOf(db.query('UPDATE findings SET sbom_id = $2 WHERE sbom_id = $1', [a, b]))).toBe('23503');
    expect(await codeOf(db.query('UPDATE sboms SET id = gen_random_uuid() WHERE id = $1', [a]))).toBe('23503');
    // Other changes are untouched by the triggers.
    await db.query(`UPDATE findings SET state = 'exploitable' WHERE sbom_id = $1`, [a]);
    await db.query(`UPDATE sboms SET is_current = false WHERE id = $1`, [a]);
  });

  it('deleting SBOMs deletes their components, findings and the findings’ events, and nothing else', async () => {
    const gone = await newSbom();
    const kept = await newSbom();
    for (const s of [gone, kept]) {
      await component(s);
      const [f] = await finding(s);
      await db.query(`INSERT INTO finding_events (finding_id, at, kind) VALUES ($1, now(), 'finding.opened')`, [f!.id]);
    }
    await db.query('DELETE FROM sboms WHERE id = $1', [gone]);
    const count = async (sql: string, sbom: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, [sbom]))[0]!.n;
    for (const [sbom, expected] of [
      [gone, 0],
      [kept, 1],
    ] as const) {
      expect(await count('sbom_components WHERE sbom_id = $1', sbom)).toBe(expected);
      expect(await count('findings WHERE sbom_id = $1', sbom)).toBe(expected);
      expect(await count('finding_events e JOIN findings f ON f.id = e.finding_id WHERE f.sbom_id = $1', sbom)).toBe(expected);
    }
    // Deleted through the product, as a manufacturer's clean-up does.
    await db.query('DELETE FROM product_versions WHERE id = $1', [versionId]);
    expect(await db.query('SELECT 1 FROM sbom_components')).toEqual([]);
    expect(await db.query('SELECT 1 FROM findings')).toEqual([]);
    expect(await db.query('SELECT 1 FROM finding_events')).toEqual([]);
  });

  it.skipIf(!testPostgresUrl)(
    'a delete of the SBOM that commits first makes the later insert fail; one that waits sees the rows',
    async () => {
      const [version] = await db.query<{ id: string }>(
        `INSERT INTO product_versions (product_id, version, created_at) SELECT id, '2.0', now() FROM products LIMIT 1 RETURNING id`,
      );
      versionId = version!.id;
      // The transaction and the delete run on two connections of the test database's pool.
      const sbom = await newSbom();
      let deleting: Promise<void> | undefined;
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO findings (sbom_id, component_key, component, vuln_key, vulnerability, record_ids, matched_by, opened_at, updated_at)
                      VALUES ($1, 'k', '{}', 'CVE-1', '{}', '{}', 'purl', now(), now())`,
          [sbom],
        );
        // The SBOM is locked (FOR KEY SHARE): a delete on another connection waits for this transaction.
        deleting = db.query('DELETE FROM sboms WHERE id = $1', [sbom]).then(() => undefined);
        await new Promise((r) => setTimeout(r, 200));
        expect(await tx.query('SELECT 1 FROM sboms WHERE id = $1', [sbom])).toHaveLength(1);
      });
      await deleting;
      // The delete, once it ran, took the committed finding with it.
      expect(await db.query('SELECT 1 FROM findings WHERE sbom_id = $1', [sbom])).toEqual([]);
      // And an insert after a committed delete is refused.
      expect(await codeOf(finding(sbom))).toBe('23503');
    },
  );
});
