/**
 * Pure checks of incoming reports: the proof of work, the text fingerprint and similarity used to flag duplicates, and
 * the content type of an attachment sniffed from its first bytes (never taken from the sender).
 */
import { createHash } from 'node:crypto';

/** Leading zero bits of SHA-256(challenge + ":" + nonce). */
export function proofBits(challenge: string, nonce: string): number {
  const digest = createHash('sha256').update(`${challenge}:${nonce}`).digest();
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(byte) - 24;
    break;
  }
  return bits;
}

/** Finds a nonce for a challenge (what the browser does; used by tests and tools). */
export function solveProof(challenge: string, difficulty: number): string {
  if (typeof challenge !== 'string' || !Number.isInteger(difficulty) || difficulty < 0 || difficulty > 32)
    throw new Error('not a challenge this server issued');
  for (let n = 0; ; n++) if (proofBits(challenge, n.toString(36)) >= difficulty) return n.toString(36);
}

/** Lower-case words of a text, accents removed. */
function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1);
}

/** Word 3-shingles of a text (the unit of similarity). */
export function shingles(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  if (w.length < 3) {
    if (w.length > 0) out.add(w.join(' '));
    return out;
  }
  for (let i = 0; i + 3 <= w.length; i++) out.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  return out;
}

/** Jaccard similarity of two shingle sets (0: nothing shared, 1: the same words in the same order). */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}

/** A fingerprint of the normalised text: the same words give the same fingerprint, whatever the spacing or case. */
export function textFingerprint(text: string): string {
  return createHash('sha256').update(words(text).join(' ')).digest('hex');
}

/** Above this similarity (with the same vendor and product) a report is flagged as a possible duplicate. */
export const DUPLICATE_SIMILARITY = 0.35;

const signatures: [string, (b: Uint8Array) => boolean][] = [
  ['application/pdf', (b) => b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46],
  ['image/png', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38],
  ['application/zip', (b) => b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06)],
  ['application/gzip', (b) => b[0] === 0x1f && b[1] === 0x8b],
  [
    'application/vnd.tcpdump.pcap',
    (b) =>
      (b[0] === 0xd4 && b[1] === 0xc3 && b[2] === 0xb2 && b[3] === 0xa1) ||
      (b[0] === 0xa1 && b[1] === 0xb2 && b[2] === 0xc3 && b[3] === 0xd4) ||
      (b[0] === 0x0a && b[1] === 0x0d && b[2] === 0x0d && b[3] === 0x0a),
  ],
  ['application/pgp-encrypted', (b) => new TextDecoder().decode(b.subarray(0, 40)).startsWith('-----BEGIN PGP MESSAGE-----')],
];

/** The content type of a file from its first bytes: a known binary type, UTF-8 text, or application/octet-stream. */
export function sniffContentType(bytes: Uint8Array): string {
  for (const [type, test] of signatures) if (bytes.length >= 4 && test(bytes)) return type;
  const head = bytes.subarray(0, 64 * 1024);
  if (head.includes(0)) return 'application/octet-stream';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.length === bytes.length ? head : head.subarray(0, lastCompleteUtf8(head)));
    return 'text/plain; charset=utf-8';
  } catch {
    return 'application/octet-stream';
  }
}

/** The length of the prefix that ends on a complete UTF-8 character (a cut in the middle of one is not an error). */
function lastCompleteUtf8(b: Uint8Array): number {
  let i = b.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (b[i]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  return i < 0 ? b.length : i;
}
