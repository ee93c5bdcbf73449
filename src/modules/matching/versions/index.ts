import { compare as comparePep440, valid as validPep440 } from '@renovatebot/pep440';
import { compareAlpine } from './alpine.ts';
import { compareDebian } from './debian.ts';
import { compareGeneric } from './generic.ts';
import { compareMaven } from './maven.ts';
import { compareRpm } from './rpm.ts';
import { VersionSyntaxError, compareNuget, compareSemver } from './semver-like.ts';

/** Version schemes with their own ordering rules. */
export type VersionScheme = 'semver' | 'pep440' | 'debian' | 'rpm' | 'alpine' | 'nuget' | 'maven' | 'generic';

// OSV ecosystem names (and purl types) to the version scheme their versions follow.
const schemeByEcosystem: Record<string, VersionScheme> = {
  npm: 'semver',
  go: 'semver',
  golang: 'semver',
  'crates.io': 'semver',
  cargo: 'semver',
  hex: 'semver',
  pub: 'semver',
  pypi: 'pep440',
  debian: 'debian',
  deb: 'debian',
  ubuntu: 'debian',
  rpm: 'rpm',
  'red hat': 'rpm',
  almalinux: 'rpm',
  'rocky linux': 'rpm',
  suse: 'rpm',
  opensuse: 'rpm',
  nuget: 'nuget',
  alpine: 'alpine',
  apk: 'alpine',
  maven: 'maven',
};

const schemes = new Map<string, VersionScheme>();

/** The version scheme of an OSV ecosystem or purl type ("Debian:12" counts as Debian); unknown ones are generic. */
export function schemeFor(ecosystem: string): VersionScheme {
  let scheme = schemes.get(ecosystem);
  if (scheme === undefined) {
    scheme = schemeByEcosystem[ecosystem.split(':')[0]!.trim().toLowerCase()] ?? 'generic';
    if (schemes.size < 10_000) schemes.set(ecosystem, scheme);
  }
  return scheme;
}

/** Compares two versions under a scheme: negative, zero or positive. Throws VersionSyntaxError for unparsable input. */
export function compareVersions(scheme: VersionScheme, a: string, b: string): number {
  switch (scheme) {
    case 'semver':
      return compareSemver(a, b);
    case 'pep440':
      if (!validPep440(a) || !validPep440(b)) throw new VersionSyntaxError('PEP 440', validPep440(a) ? b : a);
      return Math.sign(comparePep440(a, b));
    case 'debian':
      return compareDebian(a, b);
    case 'rpm':
      return compareRpm(a, b);
    case 'alpine':
      return compareAlpine(a, b);
    case 'nuget':
      return compareNuget(a, b);
    case 'maven':
      return compareMaven(a, b);
    case 'generic':
      return compareGeneric(a, b);
  }
}

export { VersionSyntaxError };
