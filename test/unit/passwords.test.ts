import { describe, expect, it } from 'vitest';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from '../../src/server/security/passwords.ts';
import { canonicalJson } from '../../src/modules/audit/index.ts';

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('a long passphrase of mine');
    expect(h).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(h, 'a long passphrase of mine')).toBe(true);
    expect(await verifyPassword(h, 'a long passphrase of yours')).toBe(false);
    expect(await verifyPassword('garbage', 'x')).toBe(false);
  });

  it('wants 12 characters, no composition rules, and refuses common and personal passwords', () => {
    expect(() => assertPasswordAcceptable('short')).toThrow(/12 characters/);
    expect(() => assertPasswordAcceptable('qwertyuiop123')).toThrow(/too common/);
    expect(() => assertPasswordAcceptable('aaaaaaaaaaaaaaa')).toThrow();
    expect(() => assertPasswordAcceptable('pat.lee.isao.2026', ['pat.lee'])).toThrow(/name or email/);
    expect(() => assertPasswordAcceptable('all lower case words here')).not.toThrow();
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
});
