/**
 * The CSAF product tree of a product version's VEX: the device under its manufacturer, each affected component under
 * its supplier, and a default_component_of relationship per component — the product ids the statements refer to.
 */
import { formatCpe23, formatPurl, parseCpe, parsePurl } from '../identity/index.ts';
import type { VexFinding, VexProduct } from './vex-subject.ts';
import { productPurl } from './vex-subject.ts';

/** The product id of the device (the product version) itself. */
export const DEVICE_ID = 'CSAFPID-DEVICE';

type Json = Record<string, unknown>;

/** The product tree, and for each component identity the id of "component as part of the device". */
export interface CsafTree {
  productTree: Json;
  idOf: Map<string, string>;
}

// Mandatory test 6.1.31 refuses version ranges as product_version names; such a version stays in the product name.
const RANGE_WORDS = new Set(['after', 'all', 'before', 'earlier', 'later', 'prior', 'versions']);
function isPlainVersion(version: string): boolean {
  return (
    !/[<>]/.test(version) &&
    !version
      .toLowerCase()
      .split(/\s/)
      .some((w) => RANGE_WORDS.has(w))
  );
}

/** purl (canonical) and CPE 2.3 where they can be read; CSAF's validator checks both, so unreadable ones are left out. */
function helperOf(purl: string | null, cpe: string | null): Json | undefined {
  const helper: Json = {};
  if (purl) {
    try {
      helper.purl = formatPurl(parsePurl(purl));
    } catch {
      // not a purl the validator would accept
    }
  }
  if (cpe) {
    try {
      helper.cpe = formatCpe23(parseCpe(cpe));
    } catch {
      // not a CPE the validator would accept
    }
  }
  return Object.keys(helper).length > 0 ? helper : undefined;
}

/** product_name → product_version → product; product_name → product when the version is absent or a range. */
function nameBranches(name: string, versions: { version: string | null; product: Json }[]): Json[] {
  const plain = versions.filter((v) => v.version !== null && isPlainVersion(v.version));
  // A branch holds one product: each unversioned (or range-named) one gets a product_name branch of its own.
  const leaves = versions.filter((v) => !plain.includes(v)).map((v) => ({ category: 'product_name', name, product: v.product }));
  const branches = plain.map((v) => ({ category: 'product_version', name: v.version, product: v.product }));
  return branches.length > 0 ? [{ category: 'product_name', name, branches }, ...leaves] : leaves;
}

/** Builds the product tree of a product version and its components that have findings. */
export function csafProductTree(product: VexProduct, findings: VexFinding[]): CsafTree {
  const deviceName = `${product.manufacturer} ${product.productName} ${product.version}`;
  const deviceHelper: Json = { purl: productPurl(product) };
  if (product.model) deviceHelper.model_numbers = [product.model];
  const device = { product_id: DEVICE_ID, name: deviceName, product_identification_helper: deviceHelper };
  const vendors = new Map<string, Map<string, { version: string | null; product: Json }[]>>();
  const unsupplied = new Map<string, { version: string | null; product: Json }[]>();
  const relationships: Json[] = [];
  const idOf = new Map<string, string>();
  for (const f of findings) {
    if (idOf.has(f.componentKey)) continue;
    const n = idOf.size + 1;
    const id = `CSAFPID-COMPONENT-${n}`;
    const c = f.component;
    const label = c.version ? `${c.name} ${c.version}` : c.name;
    const leaf: Json = { product_id: id, name: label };
    const helper = helperOf(c.purl, c.cpe);
    if (helper) leaf.product_identification_helper = helper;
    const names = c.supplier ? (vendors.get(c.supplier) ?? vendors.set(c.supplier, new Map()).get(c.supplier)!) : unsupplied;
    names.set(c.name, [...(names.get(c.name) ?? []), { version: c.version, product: leaf }]);
    const inDevice = `${DEVICE_ID}:${id}`;
    idOf.set(f.componentKey, inDevice);
    relationships.push({
      category: 'default_component_of',
      product_reference: id,
      relates_to_product_reference: DEVICE_ID,
      full_product_name: { product_id: inDevice, name: `${label} in ${deviceName}` },
    });
  }
  const named = (m: Map<string, { version: string | null; product: Json }[]>) =>
    [...m].flatMap(([name, versions]) => nameBranches(name, versions));
  const branches: Json[] = [
    {
      category: 'vendor',
      name: product.manufacturer,
      branches: nameBranches(product.productName, [{ version: product.version, product: device }]),
    },
    ...[...vendors].map(([vendor, names]) => ({ category: 'vendor', name: vendor, branches: named(names) })),
    ...named(unsupplied),
  ];
  return { productTree: relationships.length > 0 ? { branches, relationships } : { branches }, idOf };
}
