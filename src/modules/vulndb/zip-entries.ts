import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { VulnDataError } from './vuln-record.ts';

/** Limits that keep a hostile archive (zip bomb, millions of entries) from exhausting memory. */
export interface ZipLimits {
  maxEntryBytes: number;
  maxEntries: number;
  /** Refuse entries whose uncompressed size exceeds this multiple of the compressed size (and 10 MB). */
  maxRatio: number;
}

export const defaultZipLimits: ZipLimits = { maxEntryBytes: 64 * 1024 * 1024, maxEntries: 2_000_000, maxRatio: 200 };

/** One file inside an archive. */
export interface ZipEntryFile {
  name: string;
  bytes: Buffer;
}

/** Reads the regular files of a zip archive one at a time, with sizes checked against the limits (yauzl validates declared sizes). */
export async function* readZipEntries(
  path: string,
  wanted: (name: string) => boolean,
  limits = defaultZipLimits,
): AsyncGenerator<ZipEntryFile> {
  const options = { lazyEntries: true, validateEntrySizes: true, strictFileNames: false };
  // Archives up to 1 GiB are read whole: one read instead of two small reads per entry (16 s → 3 s for 50,000 entries).
  const whole = (await stat(path)).size <= 1024 ** 3 ? await readFile(path) : undefined;
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const done = (err: Error | null, z: yauzl.ZipFile) =>
      err ? reject(new VulnDataError(`not a readable zip archive: ${err.message}`, path)) : resolve(z);
    if (whole) yauzl.fromBuffer(whole, options, done);
    else yauzl.open(path, options, done);
  });
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new VulnDataError(`the archive has ${zip.entryCount} entries (limit ${limits.maxEntries})`, path);
    for (;;) {
      const entry = await nextEntry(zip, path);
      if (!entry) return;
      if (entry.fileName.endsWith('/') || !wanted(entry.fileName)) continue;
      const place = `${path}:${entry.fileName}`;
      if (entry.isEncrypted()) throw new VulnDataError('encrypted entries are not supported', place);
      if (entry.uncompressedSize > limits.maxEntryBytes) throw new VulnDataError(`entry larger than ${limits.maxEntryBytes} bytes`, place);
      if (entry.uncompressedSize > 10 * 1024 * 1024 && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        throw new VulnDataError('compression ratio too high (a zip bomb?)', place);
      }
      yield {
        name: entry.fileName,
        bytes: whole ? inflateEntry(whole, entry, place, limits.maxEntryBytes) : await readEntry(zip, entry, place, limits.maxEntryBytes),
      };
    }
  } finally {
    zip.close();
  }
}

// Inflates an entry straight from the archive in memory: synchronous zlib avoids a thread-pool round trip per entry.
function inflateEntry(whole: Buffer, entry: yauzl.Entry, place: string, maxBytes: number): Buffer {
  const at = entry.relativeOffsetOfLocalHeader;
  if (at + 30 > whole.length || whole.readUInt32LE(at) !== 0x04034b50)
    throw new VulnDataError('damaged zip archive: bad local header', place);
  const start = at + 30 + whole.readUInt16LE(at + 26) + whole.readUInt16LE(at + 28);
  const packed = whole.subarray(start, start + entry.compressedSize);
  if (packed.length !== entry.compressedSize) throw new VulnDataError('damaged zip archive: truncated entry', place);
  let bytes: Buffer;
  try {
    if (entry.compressionMethod === 0) bytes = packed;
    else if (entry.compressionMethod === 8) bytes = inflateRawSync(packed, { maxOutputLength: maxBytes });
    else throw new Error(`compression method ${entry.compressionMethod} is not supported`);
  } catch (e) {
    throw new VulnDataError(`unreadable entry: ${(e as Error).message}`, place);
  }
  if (bytes.length !== entry.uncompressedSize) throw new VulnDataError('damaged zip archive: entry size differs from its header', place);
  return bytes;
}

function nextEntry(zip: yauzl.ZipFile, path: string): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry) => done(() => resolve(e));
    const onEnd = () => done(() => resolve(null));
    const onError = (err: Error) => done(() => reject(new VulnDataError(`damaged zip archive: ${err.message}`, path)));
    const done = (then: () => void) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      then();
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, place: string, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream: Readable) => {
      if (err) return reject(new VulnDataError(`unreadable entry: ${err.message}`, place));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) stream.destroy(new Error(`entry larger than ${maxBytes} bytes`));
        else chunks.push(c);
      });
      stream.on('error', (e) => reject(new VulnDataError(`unreadable entry: ${e.message}`, place)));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}
