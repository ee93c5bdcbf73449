import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { z } from 'zod';
import type { AnyRoute } from '../../src/server/http/route.ts';

/** One request the fuzzer sends: where, what, how it is labelled, and a status it must get (if any). */
export interface Probe {
  label: string;
  url: string;
  payload?: string | Buffer;
  headers?: Record<string, string>;
  expect?: number;
}

interface JsonSchema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
}

export const toJsonSchema = (schema: unknown) => z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** The smallest value a JSON schema (from a route's zod schema) accepts. */
export function sampleOf(s: JsonSchema): unknown {
  if (s.anyOf) return sampleOf(s.anyOf.find((x) => x.type !== 'null') ?? s.anyOf[0]!);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.type === 'object') return Object.fromEntries((s.required ?? []).map((k) => [k, sampleOf(s.properties?.[k] ?? {})]));
  if (s.type === 'array') return Array.from({ length: s.minItems ?? 0 }, () => sampleOf(s.items ?? {}));
  if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 1;
  if (s.type === 'boolean') return false;
  if (s.type !== 'string') return null;
  if (s.format === 'email') return `fuzz-${randomUUID()}@example.test`;
  if (s.format === 'uuid') return randomUUID();
  if (s.format === 'uri') return `https://example.test/${randomUUID()}.json`;
  if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
  if (s.pattern?.includes('\\d{6}')) return '123456';
  if (s.pattern?.startsWith('^[A-Za-z0-9_-]')) return randomUUID().replace(/-/g, ''); // a base64url token (a vendor link)
  // Unique, so valid bodies sent side by side do not collide on unique names.
  return `fz${randomUUID().slice(0, 8)} value with length`.slice(0, Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 28, 28)));
}

/**
 * A route's body as the server would accept it (validated against the zod schema itself), or undefined. When a rule
 * across fields needs an optional one (a description unless an encrypted message is sent), the first optional field
 * that makes the body valid is added.
 */
export function validBody(r: AnyRoute): Record<string, unknown> | undefined {
  if (!r.body) return undefined;
  const schema = toJsonSchema(r.body);
  const body = sampleOf(schema) as Record<string, unknown>;
  const isValid = (b: unknown) => (r.body as z.ZodType).safeParse(b).success;
  if (isValid(body)) return body;
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    const more = { ...body, [k]: sampleOf(p) };
    if (!(k in body) && isValid(more)) return more;
  }
  throw new Error(`the fuzzer cannot build a valid body for ${r.method} ${r.url}; teach sampleOf the new schema`);
}

const json = { 'content-type': 'application/json' };
/** Percent-encodes every byte of the UTF-8 form (lone surrogates become U+FFFD instead of throwing). */
export const encodeAll = (v: string) => [...Buffer.from(v, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const b64 = (s: string) => Buffer.from(s).toString('base64url');

/** Strings that are hard on parsers, routers and databases. */
export const nastyStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\u202e\u0645',
  '\ufeff',
  '😀'.repeat(50),
  '../../../etc/passwd',
  '%00',
  "' OR 1=1 --",
  '${jndi:x}',
  '<script>',
  'ünïcödé',
  '9'.repeat(400),
];
/** Timestamps that are valid ISO-8601 yet awkward for Date and SQL. */
const awkwardTimestamps = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+01:00',
  '9999-12-31T23:59:59.999Z',
  '2020-02-30T00:00:00Z',
  '2020-12-31T23:59:60Z',
];

/** Raw query strings (appended after '?', not re-encoded). */
export function queryProbes(base: string, r: AnyRoute): Probe[] {
  const raw = [
    'x'.repeat(9000),
    'a=%00',
    'q=%F0%9F%98%80&tlp=%E2%80%AE',
    'q=..%2F..%2Fetc',
    'limit=-1&limit=abc',
    'limit=1e309',
    '__proto__[admin]=1&constructor[prototype][x]=1',
    '%ff=%fe&%=%',
    'a[b][c][d]=1',
    'cursor=' + 'x'.repeat(300),
    'limit=',
    '&&&==&',
    'q=%ED%A0%80',
    'status=pending&status=active',
  ];
  const out: Probe[] = raw.map((q) => ({
    label: `query ${q.slice(0, 40)}`,
    url: `${base}?${q}`,
    ...(q.length > 8192 ? { expect: 400 } : {}),
  }));
  const props = r.query ? Object.entries(toJsonSchema(r.query).properties ?? {}) : [];
  const uuid = randomUUID();
  for (const [k, s] of props) {
    const values = ['', 'x', '-1', '0', '1.5', '9007199254740993', '99999999999999999999', 'null', '[]', 'A'.repeat(300), '\u0000'];
    if (s.format === 'date-time') values.push(...awkwardTimestamps);
    if (k === 'cursor') {
      values.push(
        b64(`2020-01-01T00:00:00.000Z|${'-'.repeat(36)}`),
        b64(`-271821-04-20T00:00:00.000Z|${uuid}`),
        b64(`+275760-09-13T00:00:00.000Z|${uuid}`),
        b64(`0000-01-01T00:00:00.000Z|${uuid}`),
        b64('|'),
        b64('garbage'),
      );
    }
    for (const v of values) out.push({ label: `query ${k}=${v.slice(0, 40)}`, url: `${base}?${k}=${encodeURIComponent(v)}` });
  }
  return out;
}

/** Raw path-parameter values (inserted as-is into the URL). */
export const paramValues = [
  'x'.repeat(300),
  '%00',
  '%C3%BCnic%C3%B6de',
  '..%2F..%2Fetc%2Fpasswd',
  '..',
  '%2e%2e',
  '%20',
  '%ZZ',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '-1',
  '%F0%9F%98%80',
  '%ED%A0%80',
  'a;b=c',
];

const octet = { 'content-type': 'application/octet-stream' };

/** Files for a route that takes a file (an SBOM) as its raw body: hostile documents, wrong content types. */
function fileProbes(url: string, oversizeBytes: number): Probe[] {
  const file = (label: string, payload: string | Buffer, headers: Record<string, string> = octet, expect?: number): Probe => ({
    label,
    url,
    payload,
    headers,
    ...(expect ? { expect } : {}),
  });
  return [
    file('JSON instead of a file', JSON.stringify({ bomFormat: 'CycloneDX' }), json, 415),
    file('text/plain', 'SPDXVersion: SPDX-2.3', { 'content-type': 'text/plain' }, 415),
    file('JSON over the body limit', JSON.stringify({ pad: 'x'.repeat(oversizeBytes) }), json, 415),
    file('empty file', ''),
    file('binary garbage', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))),
    file('invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
    file(
      'XXE',
      '<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom xmlns="http://cyclonedx.org/schema/bom/1.4">&x;</bom>',
    ),
    file(
      'billion laughs',
      `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">`).join('')}]><bom>&bbbbbbbbb;</bom>`,
    ),
    file('deep arrays', '['.repeat(100_000) + ']'.repeat(100_000)),
    file('truncated CycloneDX', '{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":"a"'),
    file('wrong types', JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: { name: 'x' } })),
    file('unknown spec version', JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '9.9', components: [] })),
    file('SPDX tag-value with a bad line', 'SPDXVersion: SPDX-2.3\nDataLicense CC0-1.0\n'),
  ];
}

/** Bodies for a route that takes one (or may be sent one). */
export function bodyProbes(url: string, r: AnyRoute, oversizeBytes: number): Probe[] {
  if (r.rawBody) return fileProbes(url, oversizeBytes);
  const base = validBody(r) ?? {};
  const text = (label: string, payload: string | Buffer, headers: Record<string, string> = json, expect?: number): Probe => ({
    label,
    url,
    payload,
    headers,
    ...(expect ? { expect } : {}),
  });
  const out: Probe[] = [
    text('valid body', JSON.stringify(base)),
    text('unknown field', JSON.stringify({ ...base, unknownField: 1, isAdmin: true })),
    text(
      'prototype keys',
      `{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},${JSON.stringify(base).slice(1)}`.replace(/,}$/, '}'),
    ),
    text('NUL in every string', JSON.stringify(mapStrings(base, (s) => `${s}\u0000`))),
    text('lone surrogates in every string', JSON.stringify(mapStrings(base, (s) => `${s}\ud800x\udfff`))),
    text('deep arrays', '['.repeat(100_000) + ']'.repeat(100_000)),
    text('deep objects', '{"a":'.repeat(2000) + '1' + '}'.repeat(2000)),
    text('200 KB string', JSON.stringify('é'.repeat(100_000))),
    text('200 KB field', JSON.stringify(mapStrings(base, () => 'x'.repeat(200_000)))),
    text('over the body limit', JSON.stringify({ ...base, pad: 'x'.repeat(oversizeBytes) }), json, 413),
    text('empty body', ''),
    ...['{', '{"a":}', 'nul', '[1,2', '"\\x"', '{"a":1}}', '{"a":1,}', "{'a':1}", 'NaN', '\u0000'].map((s) => text(`malformed ${s}`, s)),
    ...[
      [0xff, 0xfe],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d],
      [0xef, 0xbb, 0xbf, 0x7b, 0x7d],
    ].map((b) => text(`invalid UTF-8 ${Buffer.from(b).toString('hex')}`, Buffer.from(b))),
    text('text/plain', JSON.stringify(base), { 'content-type': 'text/plain' }),
    text(
      'multipart',
      '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n',
      { 'content-type': 'multipart/form-data; boundary=b' },
      415,
    ),
    text('form-urlencoded', 'a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' }, 415),
    text('xml', '<a>1</a>', { 'content-type': 'application/xml' }, 415),
    text('json charset utf-16', JSON.stringify(base), { 'content-type': 'application/json; charset=utf-16' }),
    text('vnd+json', JSON.stringify(base), { 'content-type': 'application/vnd.api+json' }),
  ];
  // Wrong types for every known field of the body schema.
  for (const [k, s] of Object.entries(r.body ? (toJsonSchema(r.body).properties ?? {}) : {})) {
    const wrong = [
      null,
      { $ne: null },
      s.type === 'string' ? 12345 : 'not-the-type',
      s.type === 'array' ? { 0: 'x' } : ['x'],
      ...(s.format === 'date-time' ? awkwardTimestamps : []),
    ];
    for (const v of wrong) out.push(text(`field ${k}=${JSON.stringify(v)}`, JSON.stringify({ ...base, [k]: v })));
  }
  return out;
}

function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

// ---- Random probes (fast-check). ----
const nastyUnit = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.constantFrom('\u0000', '\ud800', '\udc00', '\u202e', '\ufeff', '"', '\\', '%', '/', '..'),
);
const nastyString = fc.oneof(fc.string({ unit: nastyUnit, maxLength: 40 }), fc.constantFrom(...nastyStrings));
const hugeString = fc
  .tuple(nastyString, fc.integer({ min: 1000, max: 200_000 }))
  .map(([s, n]) => (s || 'x').repeat(Math.ceil(n / Math.max(1, s.length))).slice(0, n));
const jsonGarbage = fc.oneof(
  fc.jsonValue({ maxDepth: 6, stringUnit: nastyUnit }),
  fc.dictionary(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  hugeString,
);

/** Random probes for one route: garbage bodies, one field of a valid body replaced, garbage queries and path parameters. */
export function randomProbes(r: AnyRoute, fill: (param: string, value: string) => string, seed: number, numRuns: number): Probe[] {
  const base = validBody(r);
  const params = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const arbs: fc.Arbitrary<Probe>[] = [
    fc.dictionary(nastyString, nastyString, { maxKeys: 5 }).map((q) => ({
      label: `random query ${JSON.stringify(q).slice(0, 60)}`,
      url: `${fill('', '')}?${new URLSearchParams(q).toString()}`,
    })),
  ];
  if (params.length)
    arbs.push(
      fc
        .tuple(fc.constantFrom(...params), nastyString)
        .map(([p, v]) => ({ label: `random ${p}=${JSON.stringify(v).slice(0, 60)}`, url: fill(p, encodeAll(v)) })),
    );
  if (r.method !== 'GET') {
    arbs.push(
      jsonGarbage.map((v) => ({
        label: `random body ${JSON.stringify(v).slice(0, 60)}`,
        url: fill('', ''),
        payload: JSON.stringify(v),
        headers: json,
      })),
    );
    if (base && Object.keys(toJsonSchema(r.body).properties ?? {}).length) {
      const keys = Object.keys(toJsonSchema(r.body).properties ?? {});
      arbs.push(
        fc.tuple(fc.constantFrom(...keys), fc.oneof(jsonGarbage, nastyString)).map(([k, v]) => ({
          label: `random field ${k}=${JSON.stringify(v).slice(0, 60)}`,
          url: fill('', ''),
          payload: JSON.stringify({ ...base, [k]: v }),
          headers: json,
        })),
      );
    }
  }
  return fc.sample(fc.oneof(...arbs), { seed, numRuns });
}
