/**
 * The ISAO's OpenPGP key: generated on first use, kept in the database, used to sign every published CSAF file
 * (detached, armored: the provider directory's .asc). The public key is served for anyone to verify with.
 */
import * as openpgp from 'openpgp';
import type { AppContext } from '../../server/context.ts';
import type { Queryable } from '../../server/db/client.ts';

export interface SigningKey {
  fingerprint: string;
  publicKey: string;
  privateKey: string;
}

/** The signing key, created (once, even with two nodes racing) when there is none. */
export async function signingKey(ctx: AppContext): Promise<SigningKey> {
  const existing = await storedKey(ctx.db);
  if (existing) return existing;
  const [operator] = await ctx.db.query<{ name: string }>(
    "SELECT name FROM organisations WHERE kind = 'operator' ORDER BY created_at LIMIT 1",
  );
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: `${operator?.name ?? 'OpenISAO'} CSAF signing key`, email: ctx.config.mailFrom }],
    format: 'armored',
  });
  const fingerprint = (await openpgp.readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase();
  // The lock holds until the transaction ends, so of two nodes racing, the second finds the first one's key.
  return ctx.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7263011)');
    const raced = await storedKey(tx);
    if (raced) return raced;
    await tx.query('INSERT INTO signing_keys (fingerprint, public_key, private_key, created_at) VALUES ($1, $2, $3, $4)', [
      fingerprint,
      publicKey,
      privateKey,
      ctx.clock.now(),
    ]);
    return { fingerprint, publicKey, privateKey };
  });
}

async function storedKey(db: Queryable): Promise<SigningKey | null> {
  const [row] = await db.query<{ fingerprint: string; public_key: string; private_key: string }>(
    'SELECT fingerprint, public_key, private_key FROM signing_keys ORDER BY created_at LIMIT 1',
  );
  return row ? { fingerprint: row.fingerprint, publicKey: row.public_key, privateKey: row.private_key } : null;
}

/** A detached, armored OpenPGP signature of the bytes. */
export async function signDetached(key: SigningKey, bytes: Uint8Array): Promise<string> {
  const privateKey = await openpgp.readPrivateKey({ armoredKey: key.privateKey });
  return openpgp.sign({
    message: await openpgp.createMessage({ binary: bytes }),
    signingKeys: privateKey,
    detached: true,
    format: 'armored',
  });
}
