import { VulnDataError } from './vuln-record.ts';

/** Typed accessors over untrusted parsed JSON/YAML that fail with the place of the defect. */
export type Obj = Record<string, unknown>;

/** The value as an object, or an error naming the place. */
export function asObject(value: unknown, place: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new VulnDataError('expected an object', place);
  return value as Obj;
}

/** An optional string field (undefined when absent or null). */
export function optString(obj: Obj, key: string, place: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new VulnDataError(`"${key}" must be a string`, `${place}.${key}`);
  return v;
}

/** A required non-empty string field. */
export function reqString(obj: Obj, key: string, place: string): string {
  const v = optString(obj, key, place);
  if (v === undefined || v.trim() === '') throw new VulnDataError(`"${key}" is required`, `${place}.${key}`);
  return v.trim();
}

/** An optional array field (empty when absent or null). */
export function optArray(obj: Obj, key: string, place: string): unknown[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new VulnDataError(`"${key}" must be an array`, `${place}.${key}`);
  return v;
}

/** An optional array of strings. */
export function optStrings(obj: Obj, key: string, place: string): string[] {
  return optArray(obj, key, place).map((v, i) => {
    if (typeof v !== 'string') throw new VulnDataError('expected a string', `${place}.${key}[${i}]`);
    return v.trim();
  });
}
