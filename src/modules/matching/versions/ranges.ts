import { type VersionScheme, compareVersions, schemeFor } from './index.ts';

/** One OSV range event. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

const eventVersion = (e: OsvEvent) => e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? '';

/** A range's events in evaluation order, and its limits: worked out once per range and scheme. */
interface PreparedRange {
  scheme: VersionScheme;
  limits: string[];
  sorted: OsvEvent[];
}
const prepared = new WeakMap<readonly OsvEvent[], PreparedRange>();

const compareEventVersions = (scheme: VersionScheme, a: string, b: string) =>
  a === '0' ? (b === '0' ? 0 : -1) : b === '0' ? 1 : compareVersions(scheme, a, b);

function prepare(scheme: VersionScheme, events: readonly OsvEvent[]): PreparedRange {
  const known = prepared.get(events);
  if (known && known.scheme === scheme) return known;
  const range: PreparedRange = {
    scheme,
    limits: events.filter((e) => e.limit !== undefined && e.limit !== '*').map((e) => e.limit!),
    // Sorting may throw on a version the scheme cannot read: then nothing is kept, and every call throws alike.
    sorted: events.filter((e) => e.limit === undefined).sort((x, y) => compareEventVersions(scheme, eventVersion(x), eventVersion(y))),
  };
  prepared.set(events, range);
  return range;
}

/**
 * Whether a version falls in an OSV ECOSYSTEM or SEMVER range, following the OSV evaluation
 * order: events sorted by version ("0" below everything), introduced opens, fixed and
 * last_affected close, and limit caps the range. A range's sorted events are kept (it is usually
 * evaluated for many versions); the events must not be changed afterwards.
 */
export function isInOsvRange(scheme: VersionScheme, version: string, events: readonly OsvEvent[]): boolean {
  const { limits, sorted } = prepare(scheme, events);
  if (limits.length > 0 && !limits.some((limit) => compareEventVersions(scheme, version, limit) < 0)) return false;
  let affected = false;
  for (const e of sorted) {
    if (e.introduced !== undefined && compareEventVersions(scheme, version, e.introduced) >= 0) affected = true;
    else if (e.fixed !== undefined && compareEventVersions(scheme, version, e.fixed) >= 0) affected = false;
    else if (e.last_affected !== undefined && compareEventVersions(scheme, version, e.last_affected) > 0) affected = false;
  }
  return affected;
}

/** A comparator of a vers constraint. */
export type VersComparator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A parsed `vers:` range (the package-url vers specification). */
export interface VersRange {
  scheme: string;
  constraints: { comparator: VersComparator; version: string }[] | '*';
}

/** A string that is not a valid vers range. */
export class VersSyntaxError extends Error {}

/** Parses `vers:npm/>=1.0.0|<2.0.0` (and `vers:deb/*`). */
export function parseVers(text: string): VersRange {
  const m = /^vers:([a-z0-9.+-]+)\/(.+)$/i.exec(text.trim().replace(/\s+/g, ''));
  if (!m) throw new VersSyntaxError(`"${text}" is not a vers range`);
  const scheme = m[1]!.toLowerCase();
  if (m[2] === '*') return { scheme, constraints: '*' };
  const constraints = m[2]!.split('|').map((part) => {
    const c = /^(!=|<=|>=|=|<|>)?([^<>=!].*)$/.exec(part);
    if (!c || c[2] === '') throw new VersSyntaxError(`"${part}" is not a vers constraint`);
    return { comparator: (c[1] ?? '=') as VersComparator, version: decodeURIComponent(c[2]!) };
  });
  return { scheme, constraints };
}

/** Whether a version is in a vers range, by the specification's algorithm. */
export function isInVers(range: VersRange, version: string, scheme: VersionScheme = schemeFor(range.scheme)): boolean {
  if (range.constraints === '*') return true;
  const cmp = (a: string, b: string) => compareVersions(scheme, a, b);
  for (const c of range.constraints) {
    if (c.comparator === '=' && cmp(version, c.version) === 0) return true;
    if (c.comparator === '!=' && cmp(version, c.version) === 0) return false;
  }
  const rest = range.constraints.filter((c) => c.comparator !== '=' && c.comparator !== '!=').sort((x, y) => cmp(x.version, y.version));
  if (rest.length === 0) return range.constraints.some((c) => c.comparator === '!=');
  const satisfies = (c: (typeof rest)[number]) => {
    const d = cmp(version, c.version);
    return c.comparator === '<' ? d < 0 : c.comparator === '<=' ? d <= 0 : c.comparator === '>' ? d > 0 : d >= 0;
  };
  const first = rest[0]!;
  const last = rest[rest.length - 1]!;
  if ((first.comparator === '<' || first.comparator === '<=') && satisfies(first)) return true;
  if ((last.comparator === '>' || last.comparator === '>=') && satisfies(last)) return true;
  for (let k = 0; k + 1 < rest.length; k++) {
    const low = rest[k]!;
    const high = rest[k + 1]!;
    if (
      (low.comparator === '>' || low.comparator === '>=') &&
      (high.comparator === '<' || high.comparator === '<=') &&
      satisfies(low) &&
      satisfies(high)
    )
      return true;
  }
  return false;
}
