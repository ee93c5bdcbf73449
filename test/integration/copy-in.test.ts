/**
 * Bulk loads with COPY (Queryable.copyIn): every awkward value arrives as it was sent, a failure in the middle leaves
 * nothing behind, and inside a transaction the load commits or rolls back with the rest. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/client.ts';
import {
  UnstorableTextError,
  copyBoolean,
  copyJson,
  copyLine,
  copyNumber,
  copyText,
  copyTextArray,
  copyTimestamp,
} from '../../src/server/db/copy-format.ts';
import { createTestDatabase } from '../support/test-database.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.exec(
    `CREATE TABLE copy_probe (n integer PRIMARY KEY, t text, a text[], j jsonb, b boolean, f double precision, at timestamptz)`,
  );
});
afterAll(async () => db.close());

const columns = ['n', 't', 'a', 'j', 'b', 'f', 'at'];
const awkward = [
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash \\N',
  '\\N',
  '',
  'quote " and {braces}, commas',
  'NULL',
  'ünïcödé ✓ 𝔘',
];
const at = new Date('2026-11-23T08:00:00.123Z');

function line(n: number, t: string | null) {
  return copyLine([
    copyNumber(n),
    copyText(t),
    copyTextArray(t === null ? null : [t, 'NULL', '']),
    copyJson(t === null ? null : { t, nested: [t] }),
    copyBoolean(n % 2 === 0),
    copyNumber(n / 3),
    copyTimestamp(at),
  ]);
}

describe('copyIn', () => {
  it('stores every awkward value exactly, and nulls as nulls', async () => {
    await db.copyIn('copy_probe', columns, [...awkward.map((t, i) => line(i, t)), line(100, null)]);
    const rows = await db.query<{ n: number; t: string | null; a: string[] | null; j: unknown; b: boolean; f: number; at: Date }>(
      'SELECT * FROM copy_probe ORDER BY n',
    );
    expect(rows.map((r) => r.t)).toEqual([...awkward, null]);
    for (const [i, t] of awkward.entries()) {
      expect(rows[i]!.a).toEqual([t, 'NULL', '']);
      expect(rows[i]!.j).toEqual({ t, nested: [t] });
      expect(rows[i]!.b).toBe(i % 2 === 0);
      expect(rows[i]!.f).toBeCloseTo(i / 3, 12);
      expect(new Date(rows[i]!.at).toISOString()).toBe(at.toISOString());
    }
    expect(rows.at(-1)).toMatchObject({ a: null, j: null });
  });

  it('takes chunks from an async source, many at a time', async () => {
    async function* chunks() {
      for (let c = 0; c < 20; c++) {
        await new Promise((r) => setImmediate(r));
        let text = '';
        for (let k = 0; k < 1000; k++) text += line(1000 + c * 1000 + k, `row ${c}-${k}`);
        yield text;
      }
    }
    await db.copyIn('copy_probe', columns, chunks());
    const [count] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_probe WHERE n >= 1000');
    expect(count!.n).toBe(20_000);
  });

  it('leaves nothing behind when the source fails part-way or a row is refused', async () => {
    await db.exec('DELETE FROM copy_probe');
    async function* failing() {
      yield line(1, 'first');
      throw new Error('source broke');
    }
    await expect(db.copyIn('copy_probe', columns, failing())).rejects.toThrow('source broke');
    await expect(db.copyIn('copy_probe', columns, [line(2, 'a'), line(2, 'duplicate key')])).rejects.toThrow();
    await expect(db.copyIn('copy_probe', columns, ['not\ta\tvalid\trow\n'])).rejects.toThrow();
    expect(await db.query('SELECT n FROM copy_probe')).toEqual([]);
    // The connection is still usable afterwards.
    await db.copyIn('copy_probe', columns, [line(3, 'after')]);
    expect((await db.query<{ t: string }>('SELECT t FROM copy_probe')).map((r) => r.t)).toEqual(['after']);
  });

  it('inside a transaction, rolls back with the rest', async () => {
    await db.exec('DELETE FROM copy_probe');
    await expect(
      db.transaction(async (tx) => {
        await tx.copyIn('copy_probe', columns, [line(1, 'in a transaction')]);
        expect(await tx.query('SELECT n FROM copy_probe')).toHaveLength(1);
        await tx.query('SELECT 1/0');
      }),
    ).rejects.toThrow();
    expect(await db.query('SELECT n FROM copy_probe')).toEqual([]);
    await db.transaction(async (tx) => {
      await tx.copyIn('copy_probe', columns, [line(1, 'kept')]);
      await tx.query(`UPDATE copy_probe SET t = t || ' and updated'`);
    });
    expect((await db.query<{ t: string }>('SELECT t FROM copy_probe')).map((r) => r.t)).toEqual(['kept and updated']);
  });

  it('refuses NUL characters and odd identifiers before sending anything', async () => {
    expect(() => copyText('a\u0000b')).toThrow(UnstorableTextError);
    expect(() => copyJson({ x: 'a\u0000b' })).toThrow(UnstorableTextError);
    expect(() => copyTextArray(['a\u0000'])).toThrow(UnstorableTextError);
    expect(() => copyNumber(Number.NaN)).toThrow(RangeError);
    await expect(db.copyIn('copy_probe; DROP TABLE x', ['n'], [])).rejects.toThrow(/identifier/);
  });
});
