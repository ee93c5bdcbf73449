/**
 * Results a handler returns again and again unchanged (the same object, from a read cache) are serialised once: the
 * route layer keeps the JSON text next to the object and sends it as is. The text lives as long as the object.
 */
const serialised = new WeakMap<object, string | null>();

/** Marks a result that is never changed after this call, so that its JSON can be made once. Returns it. */
export function reusableResult<T extends object>(value: T): T {
  if (!serialised.has(value)) serialised.set(value, null);
  return value;
}

/** The JSON of a reusable result (made by `serialise` the first time), or undefined for any other value. */
export function serialiseReusable(value: unknown, serialise: (value: unknown) => string): string | undefined {
  if (typeof value !== 'object' || value === null || !serialised.has(value)) return undefined;
  let text = serialised.get(value);
  if (text == null) {
    text = serialise(value);
    serialised.set(value, text);
  }
  return text;
}
