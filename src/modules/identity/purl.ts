// Package URLs (purl, ECMA-427 / github.com/package-url/purl-spec): parsing into normalised components
// and the canonical string form. Written from the spec rather than on top of packageurl-js, which
// misses several of the official test cases (per-type rules, subpath and qualifier handling).
import { applyTypeRules, type PurlComponents } from './purl-types.ts';

/** A parsed, normalised package URL. */
export type Purl = PurlComponents;

/** A string that is not a valid package URL, or components that cannot form one. */
export class PurlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PurlSyntaxError';
  }
}

// Far above any real purl (long repository_url qualifiers included); keeps work on hostile input bounded.
const MAX_LENGTH = 65_536;

const fail = (why: string, text?: string): never => {
  throw new PurlSyntaxError(text === undefined ? why : `${why}: "${text.length > 200 ? `${text.slice(0, 200)}…` : text}"`);
};

function decode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return fail('invalid percent-encoding', s);
  }
}

/** Percent-encodes a component: everything but ASCII letters, digits, '-', '.', '_', '~' and ':' (and '/' if asked). */
function encode(s: string, keepSlash = false): string {
  let e: string;
  try {
    e = encodeURIComponent(s);
  } catch {
    return fail('component is not valid Unicode');
  }
  e = e.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replaceAll('%3A', ':');
  return keepSlash ? e.replaceAll('%2F', '/') : e;
}

const isValidType = (t: string) => /^[a-z][a-z0-9.+-]*$/.test(t);
const isValidQualifierKey = (k: string) => /^[a-z][a-z0-9._-]*$/.test(k);

/** Drops the empty, '.' and '..' segments of a subpath. */
function subpathSegments(segments: string[]): string[] {
  return segments.filter((s) => s !== '' && s !== '.' && s !== '..');
}

/** Normalises and validates components (shared by parsing and formatting). */
function normalize(input: {
  type?: string | null;
  namespace?: string | null;
  name?: string | null;
  version?: string | null;
  qualifiers?: Record<string, string | null | undefined> | null;
  subpath?: string | null;
}): Purl {
  if (typeof input.type !== 'string' || input.type === '') return fail('a purl needs a type');
  const type = input.type.toLowerCase();
  if (!isValidType(type)) fail('invalid purl type', input.type);
  if (typeof input.name !== 'string' || input.name === '') return fail('a purl needs a name');
  const qualifiers: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries(input.qualifiers ?? {})) {
    const key = rawKey.toLowerCase();
    if (!isValidQualifierKey(key)) fail('invalid qualifier key', rawKey);
    if (Object.hasOwn(qualifiers, key)) fail('duplicate qualifier key', rawKey);
    if (value !== null && value !== undefined && value !== '') qualifiers[key] = value;
  }
  const namespaceSegments = (input.namespace ?? '').split('/').filter((s) => s !== '');
  const subpath = subpathSegments((input.subpath ?? '').split('/'));
  const p: Purl = { type, name: input.name, qualifiers };
  if (namespaceSegments.length > 0) p.namespace = namespaceSegments.join('/');
  if (input.version !== null && input.version !== undefined && input.version !== '') p.version = input.version;
  if (subpath.length > 0) p.subpath = subpath.join('/');
  const problem = applyTypeRules(p);
  if (problem !== undefined) fail(problem);
  return p;
}

/** Parses a package URL string into normalised components; throws PurlSyntaxError when it is not one. */
export function parsePurl(text: string): Purl {
  if (typeof text !== 'string') return fail('a purl must be a string');
  if (text.length > MAX_LENGTH) fail(`a purl is at most ${MAX_LENGTH} characters`);
  let rest = text.trim();

  let subpath: string | undefined;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    const segments = subpathSegments(rest.slice(hash + 1).split('/')).map(decode);
    if (segments.some((s) => s.includes('/'))) fail('a subpath segment cannot contain "/"', text);
    subpath = subpathSegments(segments).join('/');
    rest = rest.slice(0, hash);
  }

  const qualifiers: Record<string, string> = {};
  const question = rest.indexOf('?');
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (eq <= 0) fail('a qualifier is key=value', pair);
      const key = pair.slice(0, eq).toLowerCase();
      if (!isValidQualifierKey(key)) fail('invalid qualifier key', pair.slice(0, eq));
      if (Object.hasOwn(qualifiers, key)) fail('duplicate qualifier key', key);
      qualifiers[key] = decode(pair.slice(eq + 1));
    }
    rest = rest.slice(0, question);
  }

  const colon = rest.indexOf(':');
  if (colon < 0 || rest.slice(0, colon).toLowerCase() !== 'pkg') fail('a purl starts with "pkg:"', text);
  // "pkg:/", "pkg://" and "pkg:///" are all tolerated: slashes after the scheme carry no meaning.
  rest = rest.slice(colon + 1).replace(/^\/+/, '');

  const typeEnd = rest.indexOf('/');
  if (typeEnd <= 0) fail('a purl needs a type and a name', text);
  const type = rest.slice(0, typeEnd);
  if (!isValidType(type.toLowerCase())) fail('invalid purl type', type);
  rest = rest.slice(typeEnd + 1);

  // An '@' before the last '/' belongs to the namespace (an unencoded npm scope), not to a version.
  let version: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0 && at > rest.lastIndexOf('/')) {
    version = decode(rest.slice(at + 1));
    if (version === '') fail('an "@" must be followed by a version', text);
    rest = rest.slice(0, at);
  }

  const slash = rest.lastIndexOf('/');
  const name = decode(rest.slice(slash + 1));
  if (name === '') fail('a purl needs a name', text);
  const namespaceSegments =
    slash < 0
      ? []
      : rest
          .slice(0, slash)
          .split('/')
          .filter((s) => s !== '')
          .map(decode);
  if (namespaceSegments.some((s) => s.includes('/'))) fail('a namespace segment cannot contain "/"', text);

  return normalize({ type, namespace: namespaceSegments.join('/'), name, version, qualifiers, subpath });
}

/** Builds the canonical string of a package URL from its components (normalising them first); throws PurlSyntaxError if invalid. */
export function formatPurl(p: Purl): string {
  const n = normalize(p);
  let out = `pkg:${n.type}/`;
  if (n.namespace !== undefined)
    out += `${n.namespace
      .split('/')
      .map((s) => encode(s))
      .join('/')}/`;
  out += encode(n.name);
  if (n.version !== undefined) out += `@${encode(n.version)}`;
  const keys = Object.keys(n.qualifiers).sort();
  if (keys.length > 0) out += `?${keys.map((k) => `${k}=${encode(n.qualifiers[k]!, true)}`).join('&')}`;
  if (n.subpath !== undefined)
    out += `#${n.subpath
      .split('/')
      .map((s) => encode(s))
      .join('/')}`;
  return out;
}

// Ecosystems whose registries treat names case-insensitively although the purl keeps the case.
