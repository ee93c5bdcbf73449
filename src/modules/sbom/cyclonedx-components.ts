/** CycloneDX components (JSON shape, also produced from XML) → SbomComponent, nested ones flattened without recursion. */
import { addHash, addLicense, makeHash } from './component-fields.ts';
import { ComponentRefs, ParseWarnings } from './component-refs.ts';
import {
  asObject,
  isJsonObject,
  jsonTypeName,
  optArray,
  optObject,
  optString,
  placeOfItem,
  placeOfKey,
  fieldText,
  type JsonObject,
  type Place,
} from './json-fields.ts';
import { SbomParseError, type SbomComponent } from './sbom.types.ts';

/** The subject and the flattened components of a CycloneDX document. */
export interface CycloneDxComponents {
  subject?: SbomComponent;
  components: SbomComponent[];
  /** Every assigned ref (subject and components). */
  refs: ComponentRefs;
}

/**
 * Flattens `metadata.component` and `components` (with their nested `components`) in document order, parent before
 * children, assigning unique refs. Nested components are walked with an explicit stack: depth costs no call stack.
 * Positions live in number arrays, not per-component objects, to keep garbage low on 300,000-component documents.
 */
export function readCycloneDxComponents(
  subjectObj: JsonObject | undefined,
  topLevel: unknown[] | undefined,
  warnings: ParseWarnings,
): CycloneDxComponents {
  const objs: JsonObject[] = [];
  /** Position of the enclosing component; -1 for top level. */
  const parents: number[] = [];
  /** Index inside the enclosing `components` array. */
  const indexes: number[] = [];
  let subjectChildren = Number.POSITIVE_INFINITY;
  const placeOf = (i: number): string => {
    const segments: string[] = [];
    let at = i;
    for (; parents[at]! !== -1; at = parents[at]!) segments.push(`components[${indexes[at]!}]`);
    const top = at < subjectChildren ? 'metadata.component.components' : 'components';
    return [placeOfItem(top, indexes[at]!), ...segments.reverse()].join('.');
  };
  const add = (value: unknown, parent: number, index: number): number => {
    if (!isJsonObject(value)) {
      const container =
        parent === -1 ? (objs.length < subjectChildren ? 'metadata.component.components' : 'components') : `${placeOf(parent)}.components`;
      throw new SbomParseError(`expected an object but found ${jsonTypeName(value)}`, placeOfItem(container, index));
    }
    parents.push(parent);
    indexes.push(index);
    return objs.push(value) - 1;
  };
  const collect = (list: unknown[]): void => {
    for (let i = 0; i < list.length; i++) {
      const position = add(list[i], -1, i);
      if (objs[position]!['components'] !== undefined) collectNested(position);
    }
  };
  const collectNested = (root: number): void => {
    const frames: { position: number; children: unknown[]; next: number }[] = [];
    const open = (position: number): void => {
      const children = optArray(objs[position]!, 'components', () => placeOf(position));
      if (children && children.length > 0) frames.push({ position, children, next: 0 });
    };
    open(root);
    while (frames.length > 0) {
      const frame = frames.at(-1)!;
      if (frame.next >= frame.children.length) {
        frames.pop();
        continue;
      }
      const index = frame.next++;
      const position = add(frame.children[index], frame.position, index);
      if (objs[position]!['components'] !== undefined) open(position);
    }
  };

  const subjectChildList = subjectObj ? optArray(subjectObj, 'components', 'metadata.component') : undefined;
  if (subjectChildList) collect(subjectChildList);
  subjectChildren = objs.length;
  if (topLevel) collect(topLevel);

  const cursor = { position: 0 };
  const at = (): string => placeOf(cursor.position);
  // Generated refs must avoid every written ref; the set is only needed when some component has none.
  const reserved = new Set<string>();
  const unnamed = (obj: JsonObject): boolean => typeof obj['bom-ref'] !== 'string' || obj['bom-ref'].trim() === '';
  if (objs.some(unnamed) || (subjectObj && unnamed(subjectObj))) {
    if (subjectObj) addWritten(reserved, subjectObj, 'metadata.component');
    for (cursor.position = 0; cursor.position < objs.length; cursor.position++) addWritten(reserved, objs[cursor.position]!, at);
  }
  const refs = new ComponentRefs(warnings, reserved);
  const subjectRef = subjectObj ? optString(subjectObj, 'bom-ref', 'metadata.component') : undefined;
  const subject = subjectObj
    ? readComponent(
        subjectObj,
        'metadata.component',
        refs.assign(subjectRef, 0, () => 'metadata.component'),
      )
    : undefined;
  const components = new Array<SbomComponent>(objs.length);
  for (cursor.position = 0; cursor.position < objs.length; cursor.position++) {
    const i = cursor.position;
    const obj = objs[i]!;
    const component = readComponent(obj, at, refs.assign(optString(obj, 'bom-ref', at), i + 1, at));
    const parent = parents[i]!;
    if (parent !== -1) component.parentRef = components[parent]!.ref;
    else if (i < subjectChildren && subject) component.parentRef = subject.ref;
    components[i] = component;
  }
  return subject ? { subject, components, refs } : { components, refs };
}

function addWritten(into: Set<string>, obj: JsonObject, at: Place): void {
  const ref = optString(obj, 'bom-ref', at);
  if (ref !== undefined) into.add(ref);
}

/** One CycloneDX component's own fields. Members are read with constant names: this runs 300,000 times per large SBOM. */
export function readComponent(obj: JsonObject, at: Place, ref: string): SbomComponent {
  const { name, version, group, purl, cpe, type, author, hashes, licenses } = obj;
  const nameText = fieldText(name, at, 'name');
  if (nameText === undefined) throw new SbomParseError('component has no name', placeOfKey(at, 'name'));
  const component: SbomComponent = { ref, name: nameText, hashes: [], licenses: [] };
  const versionText = fieldText(version, at, 'version');
  if (versionText !== undefined) component.version = versionText;
  const groupText = fieldText(group, at, 'group');
  if (groupText !== undefined) component.group = groupText;
  const purlText = fieldText(purl, at, 'purl');
  if (purlText !== undefined) component.purl = purlText;
  const cpeText = fieldText(cpe, at, 'cpe');
  if (cpeText !== undefined) component.cpe = cpeText;
  const typeText = fieldText(type, at, 'type');
  if (typeText !== undefined) component.type = typeText.toLowerCase();
  const supplier = organizationName(obj, 'supplier', at) ?? organizationName(obj, 'manufacturer', at);
  if (supplier !== undefined) component.supplier = supplier;
  const authorText = fieldText(author, at, 'author') ?? personNames(obj, 'authors', at);
  if (authorText !== undefined) component.author = authorText;
  if (hashes !== undefined && hashes !== null) readHashes(listAt(hashes, at, 'hashes'), at, component);
  if (licenses !== undefined && licenses !== null) readLicenses(listAt(licenses, at, 'licenses'), at, component.licenses);
  return component;
}

function listAt(value: unknown, at: Place, key: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new SbomParseError(`expected an array but found ${jsonTypeName(value)}`, placeOfKey(at, key));
}

/** `{ "name": … }` of an organizational entity (supplier, manufacturer, manufacture). */
export function organizationName(obj: JsonObject, key: string, at: Place): string | undefined {
  const entity = optObject(obj, key, at);
  if (!entity) return undefined;
  const name = entity['name'];
  return typeof name === 'string' ? name.trim() || undefined : optString(entity, 'name', () => placeOfKey(at, key));
}

/** Names (or e-mails) of an array of organizational contacts, joined with ", ". */
export function personNames(obj: JsonObject, key: string, at: Place): string | undefined {
  const names = contactNames(optArray(obj, key, at), () => placeOfKey(at, key));
  return names.length > 0 ? names.join(', ') : undefined;
}

/** Names (or e-mails) of organizational contacts. */
export function contactNames(list: unknown[] | undefined, at: Place): string[] {
  const names: string[] = [];
  list?.forEach((item, i) => {
    const contact = asObject(item, () => placeOfItem(at, i));
    const name = optString(contact, 'name', () => placeOfItem(at, i)) ?? optString(contact, 'email', () => placeOfItem(at, i));
    if (name !== undefined) names.push(name);
  });
  return names;
}

/** The object at list[i], or a SbomParseError at "<at>.<key>[i]". */
function itemObject(list: unknown[], i: number, at: Place, key: string): JsonObject {
  const item = list[i];
  if (isJsonObject(item)) return item;
  throw new SbomParseError(`expected an object but found ${jsonTypeName(item)}`, placeOfItem(placeOfKey(at, key), i));
}

// Hashes and licences take a fast path for plain strings; places are only built when something is wrong.
function readHashes(list: unknown[], at: Place, component: SbomComponent): void {
  for (let i = 0; i < list.length; i++) {
    const hash = itemObject(list, i, at, 'hashes');
    const { alg, content } = hash;
    if (typeof alg === 'string' && typeof content === 'string') {
      if (alg.trim() !== '' && content.trim() !== '') addHash(component.hashes, makeHash(alg, content));
      continue;
    }
    const itemAt = (): string => placeOfItem(placeOfKey(at, 'hashes'), i);
    const algText = optString(hash, 'alg', itemAt);
    const contentText = optString(hash, 'content', itemAt);
    if (algText !== undefined && contentText !== undefined) addHash(component.hashes, makeHash(algText, contentText));
  }
}

function readLicenses(list: unknown[], at: Place, licenses: string[]): void {
  for (let i = 0; i < list.length; i++) {
    const choice = itemObject(list, i, at, 'licenses');
    const license = choice['license'];
    if (isJsonObject(license) && choice['expression'] === undefined) {
      const { id, name } = license;
      if (typeof id === 'string' && id.trim() !== '') {
        addLicense(licenses, id.trim());
        continue;
      }
      if (id === undefined && typeof name === 'string') {
        addLicense(licenses, name.trim() || undefined);
        continue;
      }
    }
    const itemAt = (): string => placeOfItem(placeOfKey(at, 'licenses'), i);
    const licenseAt = (): string => `${itemAt()}.license`;
    const expression = optString(choice, 'expression', itemAt);
    if (expression !== undefined) addLicense(licenses, expression);
    const licenseObj = optObject(choice, 'license', itemAt);
    if (licenseObj) addLicense(licenses, optString(licenseObj, 'id', licenseAt) ?? optString(licenseObj, 'name', licenseAt));
  }
}
