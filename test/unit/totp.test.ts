import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, totpCode, verifyTotp } from '../../src/server/security/totp.ts';

// RFC 6238 appendix B test vectors (SHA-1, secret "12345678901234567890"), truncated to 6 digits.
const secret = base32Encode(Buffer.from('12345678901234567890'));
const vectors: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors', () => {
    for (const [seconds, eight] of vectors) expect(totpCode(secret, Math.floor(seconds / 30))).toBe(eight.slice(-6));
  });

  it('round-trips base32', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
  });

  it('accepts one step of drift either way and refuses used or older steps', () => {
    const at = new Date(1111111111 * 1000);
    const step = Math.floor(1111111111 / 30);
    expect(verifyTotp(secret, totpCode(secret, step - 1), at, null)).toBe(step - 1);
    expect(verifyTotp(secret, totpCode(secret, step + 1), at, null)).toBe(step + 1);
    expect(verifyTotp(secret, totpCode(secret, step + 2), at, null)).toBeNull();
    expect(verifyTotp(secret, totpCode(secret, step), at, step)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', at, null)).toBeNull();
  });
});
