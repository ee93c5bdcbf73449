/** OpenVEX (0.2.0, and the 0.0.x shapes with string products and statement-level subcomponents) → statements. */
import { asObject, isJsonObject, type JsonObject, optArray, optString, placeOfItem, scalarText } from '../sbom/json-fields.ts';
import { type OpenVexStatus, isKeyOf, justificationIn, stateIn } from './vex-mapping.ts';
import { type Named, type ImportedVex, type VexStatement, VexParseError, checkNotAffected, labelOf } from './vex-statement.ts';

const statuses: readonly OpenVexStatus[] = ['not_affected', 'affected', 'fixed', 'under_investigation'];

/** True when the object looks like an OpenVEX document. */
export function isOpenVex(doc: JsonObject): boolean {
  const context = doc['@context'];
  return typeof context === 'string' && /^https:\/\/openvex\.dev\/ns/.test(context);
}

/** A product or subcomponent: an IRI string (0.0.x) or an object with @id and identifiers (0.2.0). */
function namedOf(value: unknown, place: string): Named {
  if (typeof value === 'string') {
    const id = value.trim();
    if (!id) throw new VexParseError('an empty product id', place);
    const n: Named = { label: id, ...(id.startsWith('pkg:') ? { purl: id } : id.startsWith('cpe:') ? { cpe: id } : { name: id }) };
    return { ...n, label: labelOf(n) };
  }
  const obj = asObject(value, place);
  const id = optString(obj, '@id', place);
  const identifiers = obj['identifiers'] === undefined ? {} : asObject(obj['identifiers'], `${place}.identifiers`);
  const n: Named = { label: '' };
  const purl = optString(identifiers, 'purl', `${place}.identifiers`) ?? (id?.startsWith('pkg:') ? id : undefined);
  const cpe =
    optString(identifiers, 'cpe23', `${place}.identifiers`) ??
    optString(identifiers, 'cpe22', `${place}.identifiers`) ??
    (id?.startsWith('cpe:') ? id : undefined);
  if (purl) n.purl = purl;
  if (cpe) n.cpe = cpe;
  if (!purl && !cpe && id) n.name = id;
  if (!purl && !cpe && !id) throw new VexParseError('a product needs an @id or identifiers (purl, cpe23, cpe22)', place);
  n.label = purl ? labelOf(n) : (id ?? labelOf(n));
  return n;
}

function vulnerabilityOf(value: unknown, place: string): { name: string; ids: string[] } {
  if (typeof value === 'string' && value.trim()) return { name: value.trim(), ids: [value.trim()] };
  const obj = asObject(value, place);
  const name = optString(obj, 'name', place) ?? optString(obj, '@id', place);
  if (!name) throw new VexParseError('a vulnerability needs a name', place);
  const aliases = (optArray(obj, 'aliases', place) ?? []).flatMap((a, i) => scalarText(a, placeOfItem(`${place}.aliases`, i)) ?? []);
  return { name, ids: [name, ...aliases] };
}

function statementOf(value: unknown, i: number): VexStatement {
  const place = placeOfItem('statements', i);
  const s = asObject(value, place);
  const vulnerability = vulnerabilityOf(s['vulnerability'], `${place}.vulnerability`);
  const status = optString(s, 'status', place);
  if (status === undefined || !(statuses as readonly string[]).includes(status))
    throw new VexParseError(
      `status must be one of ${statuses.join(', ')}${status ? `, not "${status.slice(0, 40)}"` : ''}`,
      `${place}.status`,
    );
  const written = optString(s, 'justification', place);
  if (written !== undefined && !isKeyOf(justificationIn, written))
    throw new VexParseError(`unknown justification "${written.slice(0, 60)}"`, `${place}.justification`);
  const shared = (optArray(s, 'subcomponents', place) ?? []).map((c, k) => namedOf(c, placeOfItem(`${place}.subcomponents`, k)));
  const products = optArray(s, 'products', place) ?? [];
  if (products.length === 0) throw new VexParseError('a statement must name at least one product', `${place}.products`);
  const targets = products.flatMap((p, k) => {
    const at = placeOfItem(`${place}.products`, k);
    const product = namedOf(p, at);
    const own = isJsonObject(p)
      ? (optArray(p, 'subcomponents', at) ?? []).map((c, m) => namedOf(c, placeOfItem(`${at}.subcomponents`, m)))
      : [];
    const components = [...own, ...shared];
    return components.length > 0 ? components.map((component) => ({ product, component })) : [{ product }];
  });
  const notes = optString(s, 'status_notes', place);
  const detail =
    status === 'not_affected'
      ? optString(s, 'impact_statement', place)
      : status === 'affected'
        ? optString(s, 'action_statement', place)
        : undefined;
  const state = stateIn[status as OpenVexStatus];
  return checkNotAffected({
    place,
    vulnerability: vulnerability.name,
    ids: vulnerability.ids,
    state,
    justification: state === 'not_affected' && written ? justificationIn[written] : null,
    responses: [],
    detail: detail ?? notes ?? null,
    targets,
  });
}

/** The statements of an OpenVEX document. */
export function readOpenVex(doc: JsonObject): ImportedVex {
  const statements = optArray(doc, 'statements', '');
  if (!statements) throw new VexParseError('an OpenVEX document needs a statements array', 'statements');
  return { format: 'openvex', documentId: optString(doc, '@id', '') ?? null, statements: statements.map(statementOf) };
}
