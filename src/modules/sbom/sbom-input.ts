/** Raw input → text: size limit before decoding, strict UTF-8, and a clear word for compressed or UTF-16 files. */
import { SbomParseError } from './sbom.types.ts';

/** Default largest input: 1 GiB. */
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed data; decompress it first' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive; extract the SBOM first' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed data; decompress it first' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text; save it as UTF-8' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text; save it as UTF-8' },
];

/** The text of the input, or a SbomParseError (empty, too large, not UTF-8). */
export function decodeSbomInput(input: string | Uint8Array, maxBytes: number = DEFAULT_MAX_BYTES): string {
  if (typeof input === 'string') {
    if (input.length > maxBytes || (input.length * 3 > maxBytes && Buffer.byteLength(input, 'utf8') > maxBytes)) {
      throw new SbomParseError(`the SBOM is larger than the limit of ${maxBytes} bytes`);
    }
    return requireContent(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
  }
  if (input.byteLength > maxBytes) {
    throw new SbomParseError(`the SBOM is ${input.byteLength} bytes, larger than the limit of ${maxBytes} bytes`);
  }
  for (const { bytes, what } of MAGIC) {
    if (bytes.every((b, i) => input[i] === b)) throw new SbomParseError(`the input is ${what}`, 'byte 0');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    const invalidAt = firstInvalidUtf8(input);
    // Valid UTF-8 that still failed to decode is longer than the engine's largest string.
    if (invalidAt === input.length) throw new SbomParseError('the SBOM is too large to hold as text');
    throw new SbomParseError('the input is not valid UTF-8 text (a binary file?)', `byte ${invalidAt}`);
  }
  return requireContent(text);
}

function requireContent(text: string): string {
  if (text.trim() === '') throw new SbomParseError('the SBOM is empty');
  return text;
}

/** Offset of the first byte that breaks UTF-8 (only run after TextDecoder refused the input). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const extra = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (extra < 0) return i;
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong 3/4-byte forms, surrogates and code points above U+10FFFF.
    const second = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) {
      return i;
    }
    i += extra + 1;
  }
  return bytes.length;
}
