import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingKey } from '../../src/modules/publishing/index.ts';
import { type TestApp, createTestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(async () => t?.close());

describe('the ISAO signing key', () => {
  it('is created once, even when several requests (or nodes) ask for it at the same moment', async () => {
    const keys = await Promise.all(Array.from({ length: 4 }, () => signingKey(t.ctx)));
    expect(new Set(keys.map((k) => k.fingerprint)).size).toBe(1);
    const rows = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM signing_keys');
    expect(rows[0]!.n).toBe(1);
    expect((await signingKey(t.ctx)).fingerprint).toBe(keys[0]!.fingerprint);
  });
});
