import fs from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../http/errors.ts';

const commonPasswords = new Set(
  fs
    .readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0),
);

// argon2id (Algorithm 2) with the OWASP-recommended minimum cost: 19 MiB, 2 passes, 1 lane.
const argonOptions = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

/** True when the password matches the stored argon2 hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the time of one verification, so an unknown account answers as slowly as a wrong password. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('openisao-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}

/** Refuses passwords shorter than 12 characters, common ones, and the person's own email or name. No composition rules. */
export function assertPasswordAcceptable(password: string, personal: string[] = []): void {
  if ([...password].length < 12) throw new AppError('weak_password', 'Use at least 12 characters.');
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) throw new AppError('weak_password', 'This password is too common; choose another.');
  if (new Set(lower).size < 4) throw new AppError('weak_password', 'This password repeats too few characters.');
  for (const p of personal) {
    const value = p.trim().toLowerCase();
    if (value.length >= 4 && (lower.includes(value) || value.includes(lower))) {
      throw new AppError('weak_password', 'Do not use your name or email address in your password.');
    }
  }
}
