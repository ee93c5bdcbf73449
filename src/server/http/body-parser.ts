import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Walks parsed JSON: refuses NUL characters (PostgreSQL text cannot hold them) and absurd nesting. */
function assertStorable(value: unknown, depth: number): void {
  if (depth > 64) throw new AppError('bad_request', 'The JSON body is nested too deeply.');
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new AppError('invalid_encoding', 'Text must not contain NUL characters.');
    if (/\p{Surrogate}/u.test(value)) throw new AppError('invalid_encoding', 'Text must be valid Unicode (no lone surrogates).');
  } else if (Array.isArray(value)) {
    for (const v of value) assertStorable(v, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      assertStorable(k, depth + 1);
      assertStorable(v, depth + 1);
    }
  }
}

/** Strict JSON bodies: valid UTF-8, no prototype pollution keys, no NUL characters. */
export function registerJsonParser(app: FastifyInstance): void {
  // JSON only: a cross-site HTML form can send text/plain, never application/json.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json(;.*)?$/i, { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    try {
      if (body.length === 0) return done(null, undefined);
      let text: string;
      try {
        text = decoder.decode(body);
      } catch {
        throw new AppError('invalid_encoding');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text, (key, value: unknown) => (key === '__proto__' || key === 'constructor' ? undefined : value));
      } catch {
        throw new AppError('invalid_json');
      }
      assertStorable(parsed, 0);
      done(null, parsed);
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}

/** Files (SBOMs) are uploaded as raw bytes; only routes that declare `rawBody` accept them (others refuse the body). */
export function registerFileParser(app: FastifyInstance): void {
  // Not a CORS-safelisted type: a cross-site form cannot send it. The size limit is the file route's own.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body: Buffer, done) => done(null, body));
}

/** Query strings and path parameters must be storable too. */
export function registerQueryGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const raw = req.raw.url ?? '';
    if (raw.length > 8192) throw new AppError('bad_request', 'The URL is too long.');
    if (/%00/.test(raw)) throw new AppError('invalid_encoding', 'The URL must not contain NUL characters.');
  });
}
