// Per-type rules of the package-url type registry (ECMA-427 and purl-spec types/*.json), as far as the
// official test suite exercises them: case folding, required or forbidden components, name grammars.

/** A purl's components before or after normalisation. */
export interface PurlComponents {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Record<string, string>;
  subpath?: string;
}

interface TypeRule {
  lowerNamespace?: boolean;
  lowerName?: boolean;
  namespace?: 'required' | 'prohibited';
  versionRequired?: boolean;
  requiredQualifier?: string;
  /** Further normalisation, after case folding. */
  normalize?: (p: PurlComponents) => void;
  /** Returns why the (normalised) components are invalid for this type, or undefined. */
  check?: (p: PurlComponents) => string | undefined;
}

// npm's own naming rules (validate-npm-package-name): URL-safe, not starting with '.' or '_'.
const npmNameProblem = (s: string): string | undefined =>
  s.length === 0 || s.length > 214 || encodeURIComponent(s) !== s || s.startsWith('.') || s.startsWith('_')
    ? `"${s}" is not a valid npm package name or scope`
    : undefined;

const rules: Record<string, TypeRule> = {
  alpm: { lowerNamespace: true, lowerName: true },
  apk: { lowerNamespace: true, lowerName: true },
  bitbucket: { lowerNamespace: true, lowerName: true },
  bitnami: { lowerName: true },
  composer: { lowerNamespace: true, lowerName: true },
  deb: { lowerNamespace: true, lowerName: true },
  github: { lowerNamespace: true, lowerName: true },
  hex: { lowerNamespace: true, lowerName: true },
  oci: { lowerName: true },
  pub: { lowerName: true },
  qpkg: { lowerNamespace: true },
  rpm: { lowerNamespace: true },
  cran: { versionRequired: true },
  swift: { namespace: 'required' },
  swid: { requiredQualifier: 'tag_id' },
  npm: {
    lowerNamespace: true,
    lowerName: true,
    check: (p) => {
      if (p.namespace !== undefined && (!p.namespace.startsWith('@') || npmNameProblem(p.namespace.slice(1)))) {
        return `"${p.namespace}" is not a valid npm scope`;
      }
      return npmNameProblem(p.name);
    },
  },
  pypi: {
    // PEP 503 normalisation: case-insensitive, runs of '-', '_' and '.' are equivalent.
    normalize: (p) => {
      p.name = p.name.toLowerCase().replace(/[-_.]+/g, '-');
    },
  },
  huggingface: {
    // Revisions that are commit hashes are case-insensitive; tags and branches are not.
    normalize: (p) => {
      if (p.version !== undefined && /^[0-9a-f]{40,64}$/i.test(p.version)) p.version = p.version.toLowerCase();
    },
  },
  mlflow: {
    // Databricks model registries are case-insensitive, Azure ML ones are not.
    normalize: (p) => {
      if (p.qualifiers['repository_url']?.toLowerCase().includes('databricks')) p.name = p.name.toLowerCase();
    },
  },
  conan: {
    // A channel only exists under a user (the namespace). The suite also calls a namespace without a channel
    // invalid, but accepts one elsewhere (Conan 2 references); the lenient reading is kept.
    check: (p) =>
      p.qualifiers['channel'] !== undefined && p.namespace === undefined ? 'conan: a channel needs a namespace (user)' : undefined,
  },
  cpan: {
    check: (p) => {
      if (p.namespace === undefined && p.name.includes('-')) return 'cpan: a module name (no namespace) cannot contain "-"';
      if (p.namespace !== undefined && p.name.includes('::')) return 'cpan: a distribution name (with namespace) cannot contain "::"';
      return undefined;
    },
  },
};

/** Applies the type's normalisation in place and returns a problem description if the components are invalid for the type. */
export function applyTypeRules(p: PurlComponents): string | undefined {
  const rule = Object.hasOwn(rules, p.type) ? rules[p.type] : undefined;
  if (!rule) return undefined;
  if (rule.lowerNamespace && p.namespace !== undefined) p.namespace = p.namespace.toLowerCase();
  if (rule.lowerName) p.name = p.name.toLowerCase();
  rule.normalize?.(p);
  if (rule.namespace === 'required' && p.namespace === undefined) return `${p.type}: a namespace is required`;
  if (rule.namespace === 'prohibited' && p.namespace !== undefined) return `${p.type}: no namespace is allowed`;
  if (rule.versionRequired && p.version === undefined) return `${p.type}: a version is required`;
  if (rule.requiredQualifier && p.qualifiers[rule.requiredQualifier] === undefined) {
    return `${p.type}: the ${rule.requiredQualifier} qualifier is required`;
  }
  return rule.check?.(p);
}
