import type { Purl } from '../identity/index.ts';

/** Where an OSV ecosystem lives in purl terms: the purl type and, for distributions, the namespace. */
const purlTypeOfEcosystem: Record<string, { type: string; namespace?: string }> = {
  npm: { type: 'npm' },
  pypi: { type: 'pypi' },
  maven: { type: 'maven' },
  go: { type: 'golang' },
  'crates.io': { type: 'cargo' },
  nuget: { type: 'nuget' },
  rubygems: { type: 'gem' },
  packagist: { type: 'composer' },
  hex: { type: 'hex' },
  pub: { type: 'pub' },
  cran: { type: 'cran' },
  hackage: { type: 'hackage' },
  swifturl: { type: 'swift' },
  conancenter: { type: 'conan' },
  'github actions': { type: 'github' },
  debian: { type: 'deb', namespace: 'debian' },
  ubuntu: { type: 'deb', namespace: 'ubuntu' },
  alpine: { type: 'apk', namespace: 'alpine' },
  'red hat': { type: 'rpm', namespace: 'redhat' },
  almalinux: { type: 'rpm', namespace: 'almalinux' },
  'rocky linux': { type: 'rpm', namespace: 'rocky-linux' },
  suse: { type: 'rpm', namespace: 'suse' },
  opensuse: { type: 'rpm', namespace: 'opensuse' },
};

// Registries whose package names compare without regard to case.
const caseInsensitiveTypes = new Set(['npm', 'pypi', 'nuget', 'composer', 'cargo', 'hex', 'pub', 'deb', 'apk', 'github', 'gem', 'hackage']);

function normaliseName(type: string, fullName: string): string {
  let n = fullName.trim();
  if (caseInsensitiveTypes.has(type)) n = n.toLowerCase();
  // PEP 503: runs of -, _ and . are one separator.
  if (type === 'pypi') n = n.replace(/[-_.]+/g, '-');
  return `${type}:${n}`;
}

/** The index key of a package named by purl: its type and full name (namespace/name), normalised per registry. */
export function packageKeyOfPurl(purl: Purl): string {
  const type = purl.type.toLowerCase();
  return normaliseName(type, purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name);
}

/** The index key of an OSV affected package (ecosystem + name); undefined for ecosystems without a purl type. */
export function packageKeyOfOsv(ecosystem: string, name: string): string | undefined {
  const base = ecosystem.split(':')[0]!.trim().toLowerCase();
  const target = purlTypeOfEcosystem[base];
  if (!target || !name.trim()) return undefined;
  const fullName = target.type === 'maven' ? name.replace(':', '/') : name;
  return normaliseName(target.type, target.namespace ? `${target.namespace}/${fullName}` : fullName);
}

/** The purl type an OSV ecosystem maps to, if any. */
export function purlTypeOfOsvEcosystem(ecosystem: string): string | undefined {
  return purlTypeOfEcosystem[ecosystem.split(':')[0]!.trim().toLowerCase()]?.type;
}
