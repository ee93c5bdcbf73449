/** CSAF 2.0 (csaf_vex, and the product_status of csaf_security_advisory) → one statement per vulnerability and product id. */
import { asObject, type JsonObject, optArray, optObject, optString, placeOfItem, scalarText } from '../sbom/json-fields.ts';
import { type CdxResponse, type CdxState, isKeyOf, justificationIn, responseIn } from './vex-mapping.ts';
import {
  type Named,
  type ImportedVex,
  type VexStatement,
  type VexTarget,
  VexParseError,
  checkNotAffected,
  labelOf,
} from './vex-statement.ts';

/** True when the object looks like a CSAF document. */
export function isCsaf(doc: JsonObject): boolean {
  const d = doc['document'];
  return typeof d === 'object' && d !== null && 'csaf_version' in d;
}

// first_affected/last_affected still say the listed product is affected, first_fixed that it is fixed; recommended is no VEX status.
const statusState: Record<string, CdxState | null> = {
  known_affected: 'exploitable',
  first_affected: 'exploitable',
  last_affected: 'exploitable',
  known_not_affected: 'not_affected',
  fixed: 'resolved',
  first_fixed: 'resolved',
  under_investigation: 'in_triage',
  recommended: null,
};

const ids = (obj: JsonObject, key: string, at: string) =>
  (optArray(obj, key, at) ?? []).flatMap((x, i) => scalarText(x, placeOfItem(`${at}.${key}`, i)) ?? []);

/** The products a document defines (branches, full_product_names, relationships) and its product groups. */
class ProductTree {
  readonly products = new Map<string, Named>();
  readonly relations = new Map<string, { component: string; parent: string }>();
  readonly groups = new Map<string, string[]>();

  constructor(tree: JsonObject | undefined) {
    if (!tree) return;
    this.branches(optArray(tree, 'branches', 'product_tree') ?? [], 'product_tree.branches', {});
    (optArray(tree, 'full_product_names', 'product_tree') ?? []).forEach((p, i) =>
      this.define(asObject(p, placeOfItem('product_tree.full_product_names', i)), placeOfItem('product_tree.full_product_names', i), {}),
    );
    (optArray(tree, 'relationships', 'product_tree') ?? []).forEach((r, i) => {
      const at = placeOfItem('product_tree.relationships', i);
      const rel = asObject(r, at);
      const full = asObject(rel['full_product_name'], `${at}.full_product_name`);
      const component = optString(rel, 'product_reference', at);
      const parent = optString(rel, 'relates_to_product_reference', at);
      if (!component || !parent) throw new VexParseError('a relationship needs product_reference and relates_to_product_reference', at);
      const id = this.define(full, `${at}.full_product_name`, {});
      this.relations.set(id, { component, parent });
    });
    (optArray(tree, 'product_groups', 'product_tree') ?? []).forEach((g, i) => {
      const at = placeOfItem('product_tree.product_groups', i);
      const group = asObject(g, at);
      const id = optString(group, 'group_id', at);
      if (id) this.groups.set(id, ids(group, 'product_ids', at));
    });
  }

  private branches(list: unknown[], at: string, path: Record<string, string>): void {
    list.forEach((b, i) => {
      const place = placeOfItem(at, i);
      const branch = asObject(b, place);
      const category = optString(branch, 'category', place) ?? '';
      const name = optString(branch, 'name', place) ?? '';
      const here = { ...path, [category]: name };
      const product = optObject(branch, 'product', place);
      if (product) this.define(product, `${place}.product`, here);
      this.branches(optArray(branch, 'branches', place) ?? [], `${place}.branches`, here);
    });
  }

  private define(p: JsonObject, at: string, path: Record<string, string>): string {
    const id = optString(p, 'product_id', at);
    if (!id) throw new VexParseError('a product needs a product_id', `${at}.product_id`);
    const helper = optObject(p, 'product_identification_helper', at) ?? {};
    const n: Named = { label: '' };
    const purl = optString(helper, 'purl', `${at}.product_identification_helper`);
    const cpe = optString(helper, 'cpe', `${at}.product_identification_helper`);
    if (purl) n.purl = purl;
    if (cpe) n.cpe = cpe;
    n.name = path['product_name'] ?? optString(p, 'name', at) ?? id;
    const range = path['product_version_range'];
    if (path['product_version']) n.version = path['product_version'];
    else if (range?.startsWith('vers:')) n.versions = [{ range }];
    else if (range) n.version = range;
    n.label = optString(p, 'name', at) ?? labelOf(n);
    this.products.set(id, n);
    return id;
  }

  /** The target a product id stands for: a component of a product (relationship), or a product. */
  target(id: string, place: string): VexTarget {
    const rel = this.relations.get(id);
    if (rel) return { product: this.named(rel.parent, place), component: this.named(rel.component, place) };
    return { product: this.named(id, place) };
  }

  private named(id: string, place: string): Named {
    const n = this.products.get(id);
    if (!n) throw new VexParseError(`product id "${id.slice(0, 80)}" is not defined in the product_tree`, place);
    return n;
  }

  /** Product ids an item (flag, threat, remediation) refers to, groups expanded. */
  refersTo(item: JsonObject, at: string): string[] {
    return [...ids(item, 'product_ids', at), ...ids(item, 'group_ids', at).flatMap((g) => this.groups.get(g) ?? [])];
  }
}

function statementsOf(value: unknown, i: number, tree: ProductTree): VexStatement[] {
  const at = placeOfItem('vulnerabilities', i);
  const v = asObject(value, at);
  const cve = optString(v, 'cve', at);
  const other = (optArray(v, 'ids', at) ?? []).flatMap(
    (x, k) => optString(asObject(x, placeOfItem(`${at}.ids`, k)), 'text', placeOfItem(`${at}.ids`, k)) ?? [],
  );
  const all = [...(cve ? [cve] : []), ...other];
  if (all.length === 0) throw new VexParseError('a vulnerability needs a cve or ids', at);
  const per = <T>(key: string, read: (item: JsonObject, place: string) => T | undefined): Map<string, T[]> => {
    const out = new Map<string, T[]>();
    (optArray(v, key, at) ?? []).forEach((x, k) => {
      const place = placeOfItem(`${at}.${key}`, k);
      const item = asObject(x, place);
      const value = read(item, place);
      if (value !== undefined) for (const pid of tree.refersTo(item, place)) out.set(pid, [...(out.get(pid) ?? []), value]);
    });
    return out;
  };
  const flags = per('flags', (f, place) => {
    const label = optString(f, 'label', place);
    if (label === undefined || !isKeyOf(justificationIn, label))
      throw new VexParseError(`unknown flag label "${label ?? ''}"`, `${place}.label`);
    return justificationIn[label];
  });
  const impacts = per('threats', (t, place) => (optString(t, 'category', place) === 'impact' ? optString(t, 'details', place) : undefined));
  const remediations = per('remediations', (r, place) => {
    const category = optString(r, 'category', place);
    if (category === undefined || !isKeyOf(responseIn, category))
      throw new VexParseError(`unknown remediation category "${category ?? ''}"`, `${place}.category`);
    return { response: responseIn[category], details: optString(r, 'details', place) };
  });
  const status = optObject(v, 'product_status', at) ?? {};
  return Object.keys(status).flatMap((group) => {
    if (!(group in statusState)) throw new VexParseError(`unknown product_status "${group.slice(0, 40)}"`, `${at}.product_status`);
    return ids(status, group, `${at}.product_status`).map((pid, k): VexStatement => {
      const place = placeOfItem(`${at}.product_status.${group}`, k);
      const state = statusState[group]!;
      const fixes = remediations.get(pid) ?? [];
      const statement: VexStatement = {
        place,
        vulnerability: all[0]!,
        ids: all,
        state,
        justification: state === 'not_affected' ? (flags.get(pid)?.[0] ?? null) : null,
        responses: [...new Set(fixes.flatMap((r) => r.response ?? []))] as CdxResponse[],
        detail: impacts.get(pid)?.join(' ') || fixes.find((r) => r.details)?.details || null,
        targets: [tree.target(pid, place)],
      };
      return state === null ? { ...statement, unsupported: `${group} is not a VEX status` } : checkNotAffected(statement);
    });
  });
}

/** The statements of a CSAF 2.0 VEX (or security advisory). */
export function readCsafVex(doc: JsonObject): ImportedVex {
  const document = asObject(doc['document'], 'document');
  const version = optString(document, 'csaf_version', 'document');
  if (version !== '2.0') throw new VexParseError(`CSAF ${version ?? '?'} is not read (expected 2.0)`, 'document.csaf_version');
  const category = optString(document, 'category', 'document');
  if (category !== 'csaf_vex' && category !== 'csaf_security_advisory')
    throw new VexParseError(`a ${category ?? 'CSAF'} document makes no VEX statements (expected csaf_vex)`, 'document.category');
  const tree = new ProductTree(optObject(doc, 'product_tree', ''));
  const tracking = optObject(document, 'tracking', 'document');
  const vulnerabilities = optArray(doc, 'vulnerabilities', '') ?? [];
  return {
    format: 'csaf',
    documentId: (tracking && optString(tracking, 'id', 'document.tracking')) ?? null,
    statements: vulnerabilities.flatMap((v, i) => statementsOf(v, i, tree)),
  };
}
