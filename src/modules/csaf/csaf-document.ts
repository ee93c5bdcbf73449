/**
 * What OpenISAO keeps of a CSAF 2.0 document: tracking, publisher, TLP, notes, the products named in the product tree
 * (with their vendor, product name and version text), and each vulnerability with its scores, CWE, product status
 * and remediations. Only called on documents that passed the strict schema, so the shapes below hold.
 */

/** The CSAF TLP labels (CSAF 2.0 knows no CLEAR or AMBER+STRICT). */
export type CsafTlp = 'WHITE' | 'GREEN' | 'AMBER' | 'RED';

/** A product the document names, with the branch path that names it. */
export interface CsafProduct {
  productId: string;
  name: string;
  vendor: string | null;
  productName: string | null;
  family: string | null;
  /** The version or version range text (product_version / product_version_range), as written. */
  version: string | null;
  versionIsRange: boolean;
  cpe: string | null;
  purl: string | null;
}

export interface CsafScore {
  version: string;
  baseScore: number;
  severity: string | null;
  vector: string;
}

export interface CsafRemediation {
  category: string;
  details: string;
  productIds: string[];
  url: string | null;
}

export interface CsafVulnerability {
  cve: string | null;
  ids: { system: string; text: string }[];
  title: string | null;
  cwe: { id: string; name: string } | null;
  scores: CsafScore[];
  /** product_status: known_affected, fixed, known_not_affected… → product ids (groups expanded). */
  productStatus: Record<string, string[]>;
  remediations: CsafRemediation[];
  notes: { category: string; title: string | null; text: string }[];
}

export interface CsafSummary {
  category: string;
  title: string;
  lang: string | null;
  tlp: CsafTlp | null;
  publisher: { name: string; namespace: string; category: string };
  tracking: {
    id: string;
    version: string;
    status: string;
    initialReleaseDate: string;
    currentReleaseDate: string;
    revisions: { number: string; date: string; summary: string }[];
  };
  /** The first summary note (or description), for lists. */
  summary: string;
  notes: { category: string; title: string | null; text: string }[];
  acknowledgments: string[];
  references: { url: string; summary: string; category: string | null }[];
  products: CsafProduct[];
  vulnerabilities: CsafVulnerability[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

function readProducts(tree: Obj): { products: CsafProduct[]; groups: Map<string, string[]> } {
  const products: CsafProduct[] = [];
  const define = (p: Obj, path: Record<string, string>) => {
    const id = str(p['product_id']);
    if (!id) return;
    const helper = obj(p['product_identification_helper']);
    const version = path['product_version'] ?? path['product_version_range'] ?? null;
    products.push({
      productId: id,
      name: str(p['name']) ?? id,
      vendor: path['vendor'] ?? null,
      productName: path['product_name'] ?? null,
      family: path['product_family'] ?? null,
      version,
      versionIsRange: path['product_version_range'] !== undefined,
      cpe: str(helper['cpe']),
      purl: str(helper['purl']),
    });
  };
  // Branches nest; an explicit stack keeps deep trees off the call stack.
  const stack: { branch: Obj; path: Record<string, string> }[] = arr(tree['branches'])
    .map((b) => ({ branch: obj(b), path: {} }))
    .reverse();
  while (stack.length > 0) {
    const { branch, path } = stack.pop()!;
    const here = { ...path, [str(branch['category']) ?? '']: str(branch['name']) ?? '' };
    if (branch['product']) define(obj(branch['product']), here);
    const children = arr(branch['branches']);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ branch: obj(children[i]), path: here });
  }
  for (const p of arr(tree['full_product_names'])) define(obj(p), {});
  for (const r of arr(tree['relationships'])) define(obj(obj(r)['full_product_name']), {});
  const groups = new Map<string, string[]>();
  for (const g of arr(tree['product_groups'])) {
    const id = str(obj(g)['group_id']);
    if (id) groups.set(id, strs(obj(g)['product_ids']));
  }
  return { products, groups };
}

function notesOf(v: unknown) {
  return arr(v).map((n) => ({
    category: str(obj(n)['category']) ?? 'general',
    title: str(obj(n)['title']),
    text: str(obj(n)['text']) ?? '',
  }));
}

function scoresOf(v: Obj): CsafScore[] {
  return arr(v['scores']).flatMap((s) => {
    const out: CsafScore[] = [];
    for (const key of ['cvss_v3', 'cvss_v2'] as const) {
      const c = obj(obj(s)[key]);
      if (typeof c['baseScore'] === 'number' && typeof c['vectorString'] === 'string')
        out.push({
          version: str(c['version']) ?? key,
          baseScore: c['baseScore'],
          severity: str(c['baseSeverity']),
          vector: c['vectorString'],
        });
    }
    return out;
  });
}

function readVulnerability(v: Obj, expand: (ids: string[], groupIds: string[]) => string[]): CsafVulnerability {
  const status: Record<string, string[]> = {};
  for (const [key, ids] of Object.entries(obj(v['product_status']))) status[key] = strs(ids);
  const cwe = obj(v['cwe']);
  return {
    cve: str(v['cve']),
    ids: arr(v['ids']).map((i) => ({ system: str(obj(i)['system_name']) ?? '', text: str(obj(i)['text']) ?? '' })),
    title: str(v['title']),
    cwe: str(cwe['id']) ? { id: str(cwe['id'])!, name: str(cwe['name']) ?? '' } : null,
    scores: scoresOf(v),
    productStatus: status,
    remediations: arr(v['remediations']).map((r) => ({
      category: str(obj(r)['category']) ?? 'none_available',
      details: str(obj(r)['details']) ?? '',
      productIds: expand(strs(obj(r)['product_ids']), strs(obj(r)['group_ids'])),
      url: str(obj(r)['url']),
    })),
    notes: notesOf(v['notes']),
  };
}

/** Reads a (schema-valid) CSAF 2.0 document into the summary OpenISAO stores and shows. */
export function summariseCsaf(doc: unknown): CsafSummary {
  const root = obj(doc);
  const document = obj(root['document']);
  const tracking = obj(document['tracking']);
  const publisher = obj(document['publisher']);
  const { products, groups } = readProducts(obj(root['product_tree']));
  const expand = (ids: string[], groupIds: string[]) => [...new Set([...ids, ...groupIds.flatMap((g) => groups.get(g) ?? [])])];
  const notes = notesOf(document['notes']);
  const label = str(obj(obj(document['distribution'])['tlp'])['label']);
  return {
    category: str(document['category']) ?? '',
    title: str(document['title']) ?? '',
    lang: str(document['lang']),
    tlp: label === 'WHITE' || label === 'GREEN' || label === 'AMBER' || label === 'RED' ? label : null,
    publisher: {
      name: str(publisher['name']) ?? '',
      namespace: str(publisher['namespace']) ?? '',
      category: str(publisher['category']) ?? '',
    },
    tracking: {
      id: str(tracking['id']) ?? '',
      version: str(tracking['version']) ?? '',
      status: str(tracking['status']) ?? '',
      initialReleaseDate: str(tracking['initial_release_date']) ?? '',
      currentReleaseDate: str(tracking['current_release_date']) ?? '',
      revisions: arr(tracking['revision_history']).map((r) => ({
        number: str(obj(r)['number']) ?? '',
        date: str(obj(r)['date']) ?? '',
        summary: str(obj(r)['summary']) ?? '',
      })),
    },
    summary: (notes.find((n) => n.category === 'summary') ?? notes.find((n) => n.category === 'description'))?.text ?? '',
    notes,
    acknowledgments: arr(document['acknowledgments']).map((a) => {
      const names = strs(obj(a)['names']).join(', ');
      const org = str(obj(a)['organization']);
      const summary = str(obj(a)['summary']);
      return [names, org ? (names ? `(${org})` : org) : '', summary ? `for ${summary}` : ''].filter(Boolean).join(' ');
    }),
    references: arr(document['references']).map((r) => ({
      url: str(obj(r)['url']) ?? '',
      summary: str(obj(r)['summary']) ?? '',
      category: str(obj(r)['category']),
    })),
    products,
    vulnerabilities: arr(root['vulnerabilities']).map((v) => readVulnerability(obj(v), expand)),
  };
}

/** The CSAF file name of a document (section 5.1): lower-case tracking id, other characters as `_`, `.json`. */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;
}

/**
 * Orders two CSAF versions: integer versioning or semantic versioning (section 3.1.11), compared as numbers part by
 * part; a pre-release sorts before its release.
 */
export function compareCsafVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('+')[0]!.split(/-(.*)/s);
    return { parts: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre: pre ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.parts.length, y.parts.length); i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  // SemVer 11.4: dot-separated identifiers; numbers compare as numbers and sort before words; more identifiers sort later.
  const p = x.pre.split('.');
  const q = y.pre.split('.');
  for (let i = 0; i < Math.min(p.length, q.length); i++) {
    if (p[i] === q[i]) continue;
    const pn = /^\d+$/.test(p[i]!);
    const qn = /^\d+$/.test(q[i]!);
    if (pn && qn) return Math.sign(Number(p[i]) - Number(q[i]));
    if (pn !== qn) return pn ? -1 : 1;
    return p[i]! < q[i]! ? -1 : 1;
  }
  return Math.sign(p.length - q.length);
}
