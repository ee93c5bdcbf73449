/**
 * Reports and replies encrypted to the ISAO's OpenPGP key: the key that signs the published CSAF files, whose cv25519
 * subkey decrypts. An armored message is read within bounds — the schema caps the armor (256 KiB), a message may name at
 * most 16 recipients, and openpgp.js stops inflating past 128 KiB (checked while it inflates, so a compression bomb ends
 * early; compressed packets cannot nest) — and every refusal is a typed 4xx that tells the reporter what to do.
 */
import * as openpgp from 'openpgp';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { MAX_ARMORED_CHARS } from '../../shared/api/reports.ts';
import { signingKey } from '../publishing/index.ts';

const MAX_RECIPIENTS = 16;
/** Enough for 20,000 characters of 4-byte UTF-8 plus the literal-data and signature packets around them. */
const MAX_DECOMPRESSED_BYTES = 128 * 1024;
const readConfig = { maxDecompressedMessageSize: MAX_DECOMPRESSED_BYTES };
const controlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A decrypted message: its text (line ends normalised, trimmed), the armored original as sent and the key that decrypted it. */
export interface OpenedMessage {
  text: string;
  armored: string;
  keyFingerprint: string;
}

/** The key reporters encrypt to, as GET /api/v1/reports/openpgp-key describes it. */
export async function reportKey(ctx: AppContext) {
  const key = await signingKey(ctx);
  const publicKey = await openpgp.readKey({ armoredKey: key.publicKey });
  const subkey = await publicKey.getEncryptionKey();
  const info = subkey.getAlgorithmInfo();
  return {
    fingerprint: key.fingerprint,
    userIds: publicKey.getUserIDs(),
    encryptionSubkey: { keyId: subkey.getKeyID().toHex().toUpperCase(), algorithm: [info.algorithm, info.curve].filter(Boolean).join(' ') },
    publicKey: key.publicKey,
    url: `${ctx.config.publicUrl}/api/v1/reports/openpgp-key`,
    maxArmoredCharacters: MAX_ARMORED_CHARS,
  };
}

const howTo = (fingerprint: string) => `Encrypt your text with: gpg --armor --encrypt --recipient ${fingerprint}`;

/** Refuses what is not one whole armored PGP MESSAGE block, naming what it is instead. */
function checkArmor(text: string, fingerprint: string): void {
  const kind = /^-----BEGIN PGP ([A-Z ,/0-9]+)-----/.exec(text)?.[1];
  if (kind === undefined)
    throw new AppError(
      'pgp_message_invalid',
      'This is not an ASCII-armored OpenPGP message: paste all of it, from -----BEGIN PGP MESSAGE----- to -----END PGP MESSAGE-----.',
    );
  if (kind.endsWith('KEY BLOCK'))
    throw new AppError(
      'pgp_message_invalid',
      `This is an OpenPGP key, not a message (never send a private key). ${howTo(fingerprint)} and paste the result.`,
    );
  if (kind === 'SIGNED MESSAGE' || kind === 'SIGNATURE')
    throw new AppError('pgp_not_encrypted', `This message is signed but not encrypted. ${howTo(fingerprint)}`);
  if (kind !== 'MESSAGE') throw new AppError('pgp_message_invalid', `This is an OpenPGP ${kind.toLowerCase()}, not an encrypted message.`);
  if (text.split('-----BEGIN PGP').length !== 2 || !text.endsWith('-----END PGP MESSAGE-----'))
    throw new AppError(
      'pgp_message_invalid',
      'The encrypted message is incomplete or holds more than one block: paste exactly one, ending with -----END PGP MESSAGE-----.',
    );
}

const damaged = () =>
  new AppError('pgp_message_invalid', 'The encrypted message is damaged or incomplete: copy it again, all of it, and paste it here.');

/**
 * Refuses messages that are not encrypted, or not to this key (by the recipients' key ids, before any decryption).
 * Answers whether the key is named; if not, the message is for an anonymous recipient (key id 0, gpg --throw-keyids).
 */
async function checkRecipients(message: openpgp.Message<string>, privateKey: openpgp.PrivateKey, fingerprint: string): Promise<boolean> {
  const { packet } = openpgp.enums;
  const encrypted = message.packets.filterByTag(
    packet.symEncryptedIntegrityProtectedData,
    packet.aeadEncryptedData,
    packet.symmetricallyEncryptedData,
  );
  if (encrypted.length === 0)
    throw new AppError('pgp_not_encrypted', `This OpenPGP message is not encrypted (it is signed or plain). ${howTo(fingerprint)}`);
  const recipients = message.getEncryptionKeyIDs();
  if (recipients.length === 0)
    throw new AppError(
      'pgp_wrong_key',
      `This message is encrypted with a passphrase, not to the ISAO’s key ${fingerprint}. ${howTo(fingerprint)}`,
    );
  if (recipients.length > MAX_RECIPIENTS)
    throw new AppError(
      'pgp_message_invalid',
      `This message is encrypted to ${recipients.length} keys; at most ${MAX_RECIPIENTS} are accepted.`,
    );
  const ours = (await privateKey.getDecryptionKeys()).map((k) => k.getKeyID());
  // An anonymous recipient may be ours: decryption will tell.
  if (!recipients.some((r) => ours.some((o) => o.equals(r, true)))) {
    const named = recipients.map((r) => r.toHex().toUpperCase()).join(', ');
    throw new AppError(
      'pgp_wrong_key',
      `This message is not encrypted to the ISAO’s key ${fingerprint} (it is encrypted to key ${named}). ${howTo(fingerprint)}`,
    );
  }
  return recipients.some((r) => ours.some((o) => o.equals(r)));
}

/** The decrypted bytes as text: UTF-8, no control characters, between `min` and `max` characters once trimmed. */
function plaintext(bytes: Uint8Array, limits: { min: number; max: number }): string {
  const tooLong = new AppError(
    'payload_too_large',
    `The decrypted message is longer than ${limits.max.toLocaleString('en')} characters, the most accepted.`,
  );
  if (bytes.length > limits.max * 4) throw tooLong;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError(
      'pgp_plaintext_invalid',
      'The decrypted message is not UTF-8 text. Encrypt plain text; send documents and captures as files on the tracking page.',
    );
  }
  const text = decoded.replace(/\r\n?/g, '\n').trim();
  if (controlChars.test(text))
    throw new AppError('pgp_plaintext_invalid', 'The decrypted message holds control characters: encrypt plain text only.');
  if (text.length > limits.max) throw tooLong;
  if (text.length < limits.min)
    throw new AppError('pgp_plaintext_invalid', `The decrypted message is too short: write at least ${limits.min} characters.`);
  return text;
}

/**
 * Decrypts an armored message sent with a report or a reply, or refuses it with a typed 4xx. Nothing is stored here:
 * the caller stores the result in its own transaction.
 */
export async function openEncryptedMessage(ctx: AppContext, armored: string, limits: { min: number; max: number }): Promise<OpenedMessage> {
  const key = await signingKey(ctx);
  const text = armored.trim();
  checkArmor(text, key.fingerprint);
  let message: openpgp.Message<string>;
  try {
    message = await openpgp.readMessage({ armoredMessage: text, config: readConfig });
  } catch {
    throw damaged();
  }
  const privateKey = await openpgp.readPrivateKey({ armoredKey: key.privateKey });
  const isNamed = await checkRecipients(message, privateKey, key.fingerprint);
  let data: Uint8Array;
  try {
    ({ data } = await openpgp.decrypt({ message, decryptionKeys: privateKey, format: 'binary', config: readConfig }));
  } catch (err) {
    // openpgp.js has no error types: its message is the only way to tell a bomb from damage.
    if (err instanceof Error && err.message.includes('Maximum decompressed message size exceeded'))
      throw new AppError('payload_too_large', `The encrypted message decompresses to more than ${MAX_DECOMPRESSED_BYTES / 1024} KiB.`);
    // Addressed to our key by id, a failure is damage; addressed to nobody in particular, it was for another key.
    if (!isNamed && err instanceof Error && /session key/i.test(err.message))
      throw new AppError('pgp_wrong_key', `This message is not encrypted to the ISAO’s key ${key.fingerprint}. ${howTo(key.fingerprint)}`);
    throw damaged();
  }
  return { text: plaintext(data, limits), armored, keyFingerprint: key.fingerprint };
}
