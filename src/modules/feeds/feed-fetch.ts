/**
 * Fetching one feed file: http(s) with conditional requests (ETag / Last-Modified), or a file: URL (a mirror on a local
 * or network disk). The body is streamed to a temporary file with a size limit and a deadline; a gzip file is
 * inflated on the way (EPSS is published as .csv.gz), under the same limit.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { PlacedError } from '../../shared/placed-error.ts';

/** A feed could not be fetched: the message is shown to the admins and kept on the feed. */
export class FeedFetchError extends PlacedError {}

export interface FetchOptions {
  etag?: string | null;
  lastModified?: string | null;
  maxBytes: number;
  timeoutMs: number;
}

export type FetchResult =
  | { status: 'not_modified' }
  | { status: 'fetched'; file: string; bytes: number; etag: string | null; lastModified: string | null; cleanup: () => Promise<void> };

/** The name the importer sees: the URL's last path segment without .gz (the importer reads the format from it and the content). */
function localName(url: URL): string {
  const base = decodeURIComponent(url.pathname.split('/').pop() ?? '').replace(/\.gz$/i, '');
  const safe = base.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-100);
  return safe && safe !== '.' && safe !== '..' ? safe : 'feed.json';
}

/** Counts bytes through the stream and fails past the limit (so a huge or endless body never fills the disk). */
function limit(maxBytes: number, what: string) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new FeedFetchError(`${what} is larger than ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
}

/** True when the file starts with the gzip magic bytes. */
async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Inflates a gzip file next to itself, under the size limit (a gzip bomb stops at the limit). */
async function inflate(raw: string, file: string, maxBytes: number): Promise<void> {
  try {
    await pipeline(createReadStream(raw), createGunzip(), limit(maxBytes, 'the inflated file'), createWriteStream(file));
  } catch (e) {
    if (e instanceof FeedFetchError) throw e;
    throw new FeedFetchError(`not a valid gzip file (${(e as Error).message})`);
  } finally {
    await rm(raw, { force: true });
  }
}

/** Fetches a feed URL into a temporary file (removed by `cleanup`), or reports that it has not changed. */
export async function fetchFeed(rawUrl: string, options: FetchOptions): Promise<FetchResult> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new FeedFetchError('not a URL');
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'isao-feed-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, localName(url));
  try {
    let body: Readable;
    let etag: string | null = null;
    let lastModified: string | null = null;
    const signal = AbortSignal.timeout(options.timeoutMs);
    if (url.protocol === 'file:') {
      const source = fileURLToPath(url);
      const info = await stat(source).catch(() => null);
      if (!info?.isFile()) throw new FeedFetchError(`no file ${source}`);
      lastModified = info.mtime.toUTCString();
      if (options.lastModified === lastModified) {
        await cleanup();
        return { status: 'not_modified' };
      }
      body = createReadStream(source);
    } else if (url.protocol === 'http:' || url.protocol === 'https:') {
      const headers: Record<string, string> = { 'user-agent': 'OpenISAO feed fetcher', accept: '*/*' };
      if (options.etag) headers['if-none-match'] = options.etag;
      if (options.lastModified) headers['if-modified-since'] = options.lastModified;
      let res: Response;
      try {
        res = await fetch(url, { headers, signal, redirect: 'follow' });
      } catch (e) {
        const reason = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
        throw new FeedFetchError(signal.aborted ? `no answer within ${options.timeoutMs / 1000} s` : `could not connect (${reason})`);
      }
      if (res.status === 304) {
        await res.body?.cancel();
        await cleanup();
        return { status: 'not_modified' };
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw new FeedFetchError(`the server answered ${res.status} ${res.statusText}`.trim());
      }
      const length = Number(res.headers.get('content-length') ?? '0');
      if (length > options.maxBytes) {
        await res.body.cancel();
        throw new FeedFetchError(`the file is larger than ${options.maxBytes} bytes (${length})`);
      }
      etag = res.headers.get('etag');
      lastModified = res.headers.get('last-modified');
      body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    } else {
      throw new FeedFetchError(`unsupported URL scheme ${url.protocol} (http:, https: or file:)`);
    }
    try {
      await pipeline(body, limit(options.maxBytes, 'the file'), createWriteStream(`${file}.download`), { signal });
    } catch (e) {
      if (e instanceof FeedFetchError) throw e;
      throw new FeedFetchError(
        signal.aborted ? `not received within ${options.timeoutMs / 1000} s` : `transfer failed (${(e as Error).message})`,
      );
    }
    if (await isGzip(`${file}.download`)) await inflate(`${file}.download`, file, options.maxBytes);
    else await rename(`${file}.download`, file);
    const bytes = (await stat(file)).size;
    if (bytes === 0) throw new FeedFetchError('the file is empty');
    return { status: 'fetched', file, bytes, etag, lastModified, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
