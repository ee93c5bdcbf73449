/** The @graph of an SPDX 3 JSON-LD document, indexed by id and by type. */
import { asObject, isJsonObject, jsonTypeName, optString, placeOfItem, placeOfKey, type JsonObject } from './json-fields.ts';
import { SbomParseError } from './sbom.types.ts';

/** One element of the graph. */
export interface Spdx3Entry {
  obj: JsonObject;
  place: string;
  /** spdxId, or @id for blank nodes such as "_:creationinfo". */
  id?: string;
  /** Compact type name: "software_Package", "Relationship", "Person". */
  type: string;
}

/** "https://spdx.org/rdf/3.0.1/terms/Software/Package" → "software_Package"; compact names pass unchanged. */
export function compactSpdx3Type(type: string): string {
  const terms = type.indexOf('/terms/');
  if (terms === -1) return type;
  const [profile, name] = type.slice(terms + '/terms/'.length).split('/');
  if (name === undefined) return profile ?? type;
  return profile === 'Core' ? name : `${profile!.toLowerCase()}_${name}`;
}

/** Index over the elements of @graph. */
export class Spdx3Graph {
  private readonly byId = new Map<string, Spdx3Entry>();
  private readonly byType = new Map<string, Spdx3Entry[]>();

  constructor(list: readonly unknown[]) {
    for (let i = 0; i < list.length; i++) {
      const place = placeOfItem('@graph', i);
      const entry = this.entryOf(asObject(list[i], place), place);
      if (entry.id !== undefined && !this.byId.has(entry.id)) this.byId.set(entry.id, entry);
      const sameType = this.byType.get(entry.type);
      if (sameType) sameType.push(entry);
      else this.byType.set(entry.type, [entry]);
    }
  }

  /** The element with this id. */
  get(id: string): Spdx3Entry | undefined {
    return this.byId.get(id);
  }

  /** Elements of the given types, in document order per type. */
  ofType(...types: string[]): Spdx3Entry[] {
    return types.flatMap((type) => this.byType.get(type) ?? []);
  }

  /** A reference-valued property as ids: one IRI, a list of IRIs, or inline elements (their spdxId). */
  refList(obj: JsonObject, key: string, at: string): string[] {
    return this.values(obj, key, at).flatMap((value) =>
      typeof value === 'string' ? [value] : (this.entryOf(value, placeOfKey(at, key)).id ?? []),
    );
  }

  /** Names of the agents/tools a property refers to (by IRI or inline). */
  names(obj: JsonObject, key: string, at: string): string[] {
    return this.values(obj, key, at).flatMap((value) => {
      const element = typeof value === 'string' ? this.byId.get(value)?.obj : value;
      const name = element ? optString(element, 'name', placeOfKey(at, key)) : undefined;
      return name === undefined ? [] : [name];
    });
  }

  /** The CreationInfo of the document (by reference or inline), else the first one in the graph. */
  creationInfo(documentEntry: Spdx3Entry | undefined): { obj: JsonObject; place: string } | undefined {
    const value = documentEntry?.obj['creationInfo'];
    if (typeof value === 'string') {
      const entry = this.byId.get(value);
      if (entry) return entry;
    } else if (isJsonObject(value)) {
      return { obj: value, place: `${documentEntry!.place}.creationInfo` };
    }
    return this.ofType('CreationInfo')[0];
  }

  /** The text of a licence element: an expression, a listed licence's id, or the licence's name. */
  licenseText(id: string): string | undefined {
    const element = this.byId.get(id);
    if (!element) return /^https?:\/\/spdx\.org\/licenses\/([^/]+)$/.exec(id)?.[1];
    return (
      optString(element.obj, 'simplelicensing_licenseExpression', element.place) ??
      optString(element.obj, 'name', element.place) ??
      /\/licenses\/([^/]+)$/.exec(id)?.[1]
    );
  }

  private values(obj: JsonObject, key: string, at: string): (string | JsonObject)[] {
    const value = obj[key];
    if (value === undefined || value === null) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((item, i) => {
      if (typeof item === 'string' || isJsonObject(item)) return item;
      throw new SbomParseError(
        `expected a reference but found ${jsonTypeName(item)}`,
        Array.isArray(value) ? placeOfItem(placeOfKey(at, key), i) : placeOfKey(at, key),
      );
    });
  }

  private entryOf(obj: JsonObject, place: string): Spdx3Entry {
    const type = optString(obj, 'type', place) ?? optString(obj, '@type', place);
    if (type === undefined) throw new SbomParseError('element without a type', placeOfKey(place, 'type'));
    const id = optString(obj, 'spdxId', place) ?? optString(obj, '@id', place);
    return id === undefined ? { obj, place, type: compactSpdx3Type(type) } : { obj, place, id, type: compactSpdx3Type(type) };
  }
}
