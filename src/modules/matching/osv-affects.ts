import type { AffectedPackage } from '../vulndb/vuln-record.ts';
import { type VersionScheme, VersionSyntaxError, compareVersions, schemeFor } from './versions/index.ts';
import { isInOsvRange } from './versions/ranges.ts';

/** The verdict of one affected entry on one version: affected or not, the versions that fix it, and whether any range could not be read. */
export interface AffectsVerdict {
  affected: boolean;
  fixed: string[];
  unreadable: boolean;
}

const isGo = (scheme: VersionScheme, ecosystem: string) => scheme === 'semver' && /^go$/i.test(ecosystem);
const stripV = (v: string) => (v.startsWith('v') ? v.slice(1) : v);

/** Evaluates an OSV affected entry on a version: explicit `versions`, then ECOSYSTEM and SEMVER ranges (GIT ranges cannot decide). */
export function evaluateAffected(entry: AffectedPackage, version: string): AffectsVerdict {
  const ecoScheme = schemeFor(entry.ecosystem);
  const verdict: AffectsVerdict = { affected: false, fixed: [], unreadable: false };
  const go = isGo(ecoScheme, entry.ecosystem);
  const wanted = go ? stripV(version.trim()) : version.trim();
  for (const listed of entry.versions) {
    if ((go ? stripV(listed) : listed) === wanted || sameVersion(ecoScheme, listed, wanted)) verdict.affected = true;
  }
  for (const range of entry.ranges) {
    if (range.type === 'GIT') continue;
    const scheme: VersionScheme = range.type === 'SEMVER' ? 'semver' : ecoScheme;
    try {
      if (!isInOsvRange(scheme, wanted, range.events)) continue;
      verdict.affected = true;
      for (const e of range.events) {
        if (e.fixed !== undefined && compareVersions(scheme, e.fixed, wanted) > 0 && !verdict.fixed.includes(e.fixed))
          verdict.fixed.push(e.fixed);
      }
    } catch (e) {
      if (!(e instanceof VersionSyntaxError)) throw e;
      verdict.unreadable = true;
    }
  }
  if (verdict.affected && verdict.fixed.length > 1) verdict.fixed.sort((a, b) => safeCompare(ecoScheme, a, b));
  return verdict;
}

function sameVersion(scheme: VersionScheme, a: string, b: string): boolean {
  if (scheme === 'generic') return false;
  try {
    return compareVersions(scheme, a, b) === 0;
  } catch {
    return false;
  }
}

function safeCompare(scheme: VersionScheme, a: string, b: string): number {
  try {
    return compareVersions(scheme, a, b);
  } catch {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
