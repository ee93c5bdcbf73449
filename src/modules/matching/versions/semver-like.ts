import semver from 'semver';

/** Go module versions: SemVer with a 'v' prefix; pseudo-versions are valid SemVer pre-releases. */
export function parseGo(version: string): semver.SemVer | null {
  return semver.parse(version.trim().replace(/^v/, ''), { loose: false });
}

// Matching compares the same few versions (a record's range bounds, a component's version) many times.
const parsedSemver = new Map<string, semver.SemVer | null>();
const PARSED_SEMVER_KEPT = 100_000;

function parseSemverLike(v: string): semver.SemVer | null {
  let parsed = parsedSemver.get(v);
  if (parsed === undefined) {
    parsed = parseGo(v) ?? semver.coerce(v, { includePrerelease: true });
    if (parsedSemver.size >= PARSED_SEMVER_KEPT) parsedSemver.clear();
    parsedSemver.set(v, parsed);
  }
  return parsed;
}

/** Compares SemVer 2.0 versions (npm, Go, crates.io, Hex, Pub); a leading 'v' is ignored. */
export function compareSemver(a: string, b: string): number {
  const x = parseSemverLike(a);
  const y = parseSemverLike(b);
  if (!x || !y) throw new VersionSyntaxError('semver', !x ? a : b);
  return semver.compare(x, y);
}

/**
 * NuGet versions: up to four numeric parts, SemVer 2.0 pre-release labels compared case-insensitively,
 * build metadata ignored.
 */
export function compareNuget(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?\s*$/.exec(v);
    if (!m) throw new VersionSyntaxError('nuget', v);
    return { nums: [1, 2, 3, 4].map((k) => Number(m[k] ?? 0)), pre: m[5]?.toLowerCase() ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let k = 0; k < 4; k++) if (x.nums[k] !== y.nums[k]) return Math.sign(x.nums[k]! - y.nums[k]!);
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return comparePrerelease(x.pre, y.pre);
}

function comparePrerelease(a: string, b: string): number {
  const xs = a.split('.');
  const ys = b.split('.');
  for (let k = 0; k < Math.max(xs.length, ys.length); k++) {
    const p = xs[k];
    const q = ys[k];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn && Number(p) !== Number(q)) return Math.sign(Number(p) - Number(q));
    if (pn !== qn) return pn ? -1 : 1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/** A version that its ecosystem's grammar does not accept. */
export class VersionSyntaxError extends Error {
  constructor(
    readonly scheme: string,
    readonly version: string,
  ) {
    super(`"${version}" is not a valid ${scheme} version`);
  }
}
