import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../src/modules/audit/index.ts';
import type { Db } from '../../src/server/db/client.ts';
import { createTestDatabase } from '../support/test-database.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDatabase();
  // The table refuses UPDATE and DELETE; these tests play an intruder with owner rights, who can switch that off.
  await db.query('INSERT INTO audit_events (seq, at, actor_label, action, prev_hash, hash) VALUES (0, now(), $1, $2, $3, $3)', [
    't',
    'test.probe',
    'x',
  ]);
  await expect(db.query('UPDATE audit_events SET action = $1 WHERE seq = 0', ['test.changed'])).rejects.toThrow(/append-only/);
  await expect(db.query('DELETE FROM audit_events WHERE seq = 0')).rejects.toThrow(/append-only/);
  await db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
});
afterAll(async () => db.close());

beforeEach(async () => {
  await db.query('DELETE FROM audit_events');
  await db.query('DELETE FROM audit_head');
  for (let i = 0; i < 10; i++) {
    await db.transaction((tx) =>
      appendAudit(tx, {
        actor: { label: `person${i}@test.example` },
        action: 'test.event',
        targetType: 'thing',
        targetId: String(i),
        ip: '127.0.0.1',
        detail: { i, nested: { b: 2, a: [1, 'x'] } },
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      }),
    );
  }
});

describe('hash-chained audit log', () => {
  it('verifies an intact chain', async () => {
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 10, firstBad: null });
  });

  it('names an altered record', async () => {
    await db.query('UPDATE audit_events SET detail = \'{"i": 999}\' WHERE seq = 4');
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.firstBad!.seq).toBe(4);
    expect(r.firstBad!.reason).toMatch(/altered/);
  });

  it('names the gap left by a deleted record', async () => {
    await db.query('DELETE FROM audit_events WHERE seq = 6');
    const r = await verifyAuditChain(db);
    expect(r.firstBad!.seq).toBe(6);
    expect(r.firstBad!.reason).toMatch(/deleted/);
  });

  it('notices the last record deleted', async () => {
    await db.query('DELETE FROM audit_events WHERE seq = 10');
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.firstBad!.reason).toMatch(/last records were deleted/);
  });

  it('names a record inserted out of order, even with a recomputed hash of its own', async () => {
    // Shift records 6..10 up and slip a forged record in at 6, hashed correctly on its own content.
    await db.query('UPDATE audit_events SET seq = seq + 100 WHERE seq >= 6');
    await db.query('UPDATE audit_events SET seq = seq - 99 WHERE seq >= 106');
    const prev = (await db.query<{ hash: string }>('SELECT hash FROM audit_events WHERE seq = 5'))[0]!.hash;
    const { chainHash } = await import('../../src/modules/audit/index.ts');
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, 5, 500));
    const forged = {
      seq: 6,
      at,
      actorPersonId: null,
      actorOrgId: null,
      actorLabel: 'intruder',
      action: 'test.forged',
      targetType: null,
      targetId: null,
      ip: null,
      detail: {},
    };
    await db.query(
      `INSERT INTO audit_events (seq, at, actor_label, action, detail, prev_hash, hash) VALUES (6, $1, 'intruder', 'test.forged', '{}', $2, $3)`,
      [at, prev, chainHash(prev, forged)],
    );
    const r = await verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.firstBad!.seq).toBe(7);
    expect(r.firstBad!.reason).toMatch(/link to the previous record is broken/);
  });

  it('chains concurrent appends in commit order', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction((tx) => appendAudit(tx, { actor: null, action: 'test.concurrent', detail: { i }, at: new Date() })),
      ),
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 30 });
  });

  it('keeps no record of a rolled-back change', async () => {
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, { actor: null, action: 'test.rolled_back', at: new Date() });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect(await db.query("SELECT 1 FROM audit_events WHERE action = 'test.rolled_back'")).toHaveLength(0);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
