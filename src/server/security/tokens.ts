import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random, unguessable token (base64url of `bytes` random bytes). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 hex digest: how tokens are stored (they have full entropy, so no slow hash is needed). */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A short random reference people can quote on the phone: <prefix>-<year>-<6 characters, no 0/O/1/I>. */
export function shortReference(prefix: string, now: Date): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  return `${prefix}-${now.getUTCFullYear()}-${[...randomBytes(6)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}
