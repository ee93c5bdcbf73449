/** Typed reads of parsed JSON (or JSON-shaped XML) with the place of every wrong type. */
import { SbomParseError } from './sbom.types.ts';

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** A place in the document, computed only when an error needs it (building 300,000 path strings up front is waste). */
export type Place = string | (() => string);

/** The text of a place. */
export function placeText(at: Place): string {
  return typeof at === 'function' ? at() : at;
}

/** The place of a key inside a place: "metadata" + "timestamp" → "metadata.timestamp". */
export function placeOfKey(at: Place, key: string): string {
  const base = placeText(at);
  return base ? `${base}.${key}` : key;
}

/** The place of an array item: "components" + 3 → "components[3]". */
export function placeOfItem(at: Place, index: number): string {
  return `${placeText(at)}[${index}]`;
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Describes a JSON value's type for error messages. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** The value as an object, or a SbomParseError at the place. */
export function asObject(value: unknown, at: Place): JsonObject {
  if (isJsonObject(value)) return value;
  throw new SbomParseError(`expected an object but found ${jsonTypeName(value)}`, placeText(at));
}

/** An optional object member. */
export function optObject(obj: JsonObject, key: string, at: Place): JsonObject | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (isJsonObject(value)) return value;
  throw new SbomParseError(`expected an object but found ${jsonTypeName(value)}`, placeOfKey(at, key));
}

/** An optional array member. */
export function optArray(obj: JsonObject, key: string, at: Place): unknown[] | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;
  throw new SbomParseError(`expected an array but found ${jsonTypeName(value)}`, placeOfKey(at, key));
}

/** A scalar as a trimmed string: numbers and booleans are accepted as written, empty strings count as absent. */
export function scalarText(value: unknown, at: Place): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  throw new SbomParseError(`expected a string but found ${jsonTypeName(value)}`, placeText(at));
}

/** An optional string member, trimmed; "" counts as absent. */
export function optString(obj: JsonObject, key: string, at: Place): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return scalarText(value, () => placeOfKey(at, key));
}

/** A member value already read (with a constant key, which keeps property access fast) as trimmed text. */
export function fieldText(value: unknown, at: Place, key: string): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return value === undefined || value === null ? undefined : scalarText(value, () => placeOfKey(at, key));
}

/** A required string member. */
export function reqString(obj: JsonObject, key: string, at: Place, what: string): string {
  const value = optString(obj, key, at);
  if (value === undefined) throw new SbomParseError(`${what} has no ${key}`, placeOfKey(at, key));
  return value;
}

/** An optional array of strings (non-empty, trimmed), e.g. dependsOn. */
export function optStringList(obj: JsonObject, key: string, at: Place): string[] {
  const list = optArray(obj, key, at);
  if (!list) return [];
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const text = scalarText(list[i], () => placeOfItem(placeOfKey(at, key), i));
    if (text !== undefined) out.push(text);
  }
  return out;
}
