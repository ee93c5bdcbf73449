import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';

/**
 * OpenPGP messages for the encrypted-report tests, made the way reporters make them: openpgp.js, and GnuPG with the
 * command the report page shows.
 */

/** An armored message encrypted to the armored public key(s); options as a reporter's tool might choose them. */
export async function encryptTo(
  armoredKeys: string | string[],
  data: string | Uint8Array,
  options: { zlib?: boolean; signingKey?: openpgp.PrivateKey; wildcard?: boolean } = {},
): Promise<string> {
  const encryptionKeys = await Promise.all([armoredKeys].flat().map((armoredKey) => openpgp.readKey({ armoredKey })));
  return openpgp.encrypt({
    message: typeof data === 'string' ? await openpgp.createMessage({ text: data }) : await openpgp.createMessage({ binary: data }),
    encryptionKeys,
    ...(options.signingKey ? { signingKeys: options.signingKey } : {}),
    ...(options.wildcard ? { wildcard: true } : {}),
    ...(options.zlib ? { config: { preferredCompressionAlgorithm: openpgp.enums.compression.zlib } } : {}),
  });
}

/** A key pair that is not the ISAO's (a reporter's own, or someone else's). */
export async function strangerKey(name = 'Stranger'): Promise<{ publicKey: string; privateKey: openpgp.PrivateKey }> {
  const { publicKey, privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name, email: `${name.toLowerCase()}@example.org` }],
    format: 'object',
  });
  return { publicKey: publicKey.armor(), privateKey };
}

/** A signed message that is not encrypted (armored as a PGP MESSAGE). */
export async function signedOnly(text: string, signingKey: openpgp.PrivateKey): Promise<string> {
  return openpgp.sign({ message: await openpgp.createMessage({ text }), signingKeys: signingKey });
}

/** A cleartext-signed text (-----BEGIN PGP SIGNED MESSAGE-----). */
export async function clearSigned(text: string, signingKey: openpgp.PrivateKey): Promise<string> {
  return openpgp.sign({ message: await openpgp.createCleartextMessage({ text }), signingKeys: signingKey });
}

/** A message encrypted with a passphrase only. */
export async function passphraseEncrypted(text: string): Promise<string> {
  return openpgp.encrypt({ message: await openpgp.createMessage({ text }), passwords: ['correct horse battery staple'] });
}

/** `gpg --armor --encrypt --recipient <fingerprint>` in a throwaway GnuPG home that imported the key. */
export function gpgEncrypt(armoredKey: string, fingerprint: string, text: string): string {
  const home = mkdtempSync(join(tmpdir(), 'isao-gpg-'));
  try {
    writeFileSync(join(home, 'key.asc'), armoredKey);
    execFileSync('gpg', ['--batch', '--homedir', home, '--import', join(home, 'key.asc')], { stdio: 'pipe' });
    // A key just imported is not certified: --trust-model always stands for the reporter's "yes, use this key".
    const args = ['--batch', '--homedir', home, '--trust-model', 'always', '--armor', '--encrypt', '--recipient', fingerprint];
    return execFileSync('gpg', args, { input: text, stdio: 'pipe' }).toString();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
