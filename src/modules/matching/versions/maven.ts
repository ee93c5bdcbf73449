// Maven version ordering: a port of Maven 3.9's org.apache.maven.artifact.versioning.ComparableVersion
// (https://maven.apache.org/pom.html#version-order-specification), item for item, so that ranges in
// vulnerability records for Maven packages sort exactly as Maven sorts them.
import { VersionSyntaxError } from './semver-like.ts';

type Item = { kind: 'int'; value: bigint } | { kind: 'string'; value: string } | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES = new Map([
  ['ga', ''],
  ['final', ''],
  ['release', ''],
  ['cr', 'rc'],
]);
const RELEASE_VERSION_INDEX = String(QUALIFIERS.indexOf(''));

// Far longer than any real version; bounds the work (and the list nesting) on hostile input.
const MAX_LENGTH = 4_096;

// Known qualifiers sort by their index, unknown ones after all of them, lexically ("7-abc").
function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

// Java's String.compareTo: by UTF-16 code units, like JavaScript's relational operators.
const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function stringItem(value: string, followedByDigit: boolean): Item {
  // a1 = alpha-1, b1 = beta-1, m1 = milestone-1
  if (followedByDigit && value.length === 1) value = ({ a: 'alpha', b: 'beta', m: 'milestone' } as Record<string, string>)[value] ?? value;
  return { kind: 'string', value: ALIASES.get(value) ?? value };
}

const parseItem = (isDigit: boolean, buf: string): Item => (isDigit ? { kind: 'int', value: BigInt(buf) } : stringItem(buf, false));

function isNull(item: Item): boolean {
  if (item.kind === 'int') return item.value === 0n;
  if (item.kind === 'string') return comparableQualifier(item.value) === RELEASE_VERSION_INDEX;
  return item.items.length === 0;
}

/** Removes trailing null items (0, "", empty lists), stopping at the first other non-list item. */
function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i]!;
    if (isNull(last)) list.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

function parse(version: string): Item[] {
  const v = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  const openList = () => {
    const items: Item[] = [];
    list.push({ kind: 'list', items });
    stack.push(items);
    list = items;
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '.' || c === '-') {
      list.push(i === start ? { kind: 'int', value: 0n } : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      if (c === '-') openList();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        // 1.0.0.X1 < 1.0.0-X2: a qualifier followed by a number opens a sub-list, as '-' would.
        if (list.length > 0) openList();
        list.push(stringItem(v.slice(start, i), true));
        start = i;
        openList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, v.slice(start, i)));
        start = i;
        openList();
      }
      isDigit = false;
    }
  }
  if (v.length > start) {
    if (!isDigit && list.length > 0) openList();
    list.push(parseItem(isDigit, v.slice(start)));
  }
  for (let s = stack.pop(); s !== undefined; s = stack.pop()) normalize(s);
  return root;
}

/** Item.compareTo(other), where null stands for a missing item (the shorter version). */
function compareItem(a: Item, b: Item | null): number {
  switch (a.kind) {
    case 'int':
      if (b === null) return a.value === 0n ? 0 : 1; // 1.0 == 1, 1.1 > 1
      if (b.kind === 'int') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return 1; // 1.1 > 1-sp, 1.1 > 1-1
    case 'string':
      if (b === null) return compareStrings(comparableQualifier(a.value), RELEASE_VERSION_INDEX); // 1-rc < 1, 1-ga == 1
      if (b.kind === 'string') return compareStrings(comparableQualifier(a.value), comparableQualifier(b.value));
      return -1; // 1.any < 1.1, 1.any < 1-1
    case 'list':
      if (b === null) {
        // The whole list against nothing, not just its first item (MNG-6964).
        for (const item of a.items) {
          const r = compareItem(item, null);
          if (r !== 0) return r;
        }
        return 0;
      }
      if (b.kind === 'int') return -1; // 1-1 < 1.0.x
      if (b.kind === 'string') return 1; // 1-1 > 1-sp
      return compareLists(a.items, b.items);
  }
}

function compareLists(left: Item[], right: Item[]): number {
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i];
    const r = right[i];
    const result = l === undefined ? (r === undefined ? 0 : 0 - compareItem(r, null)) : compareItem(l, r ?? null);
    if (result !== 0) return result;
  }
  return 0;
}

/** Compares two Maven versions exactly as Maven 3.9's ComparableVersion does: negative, zero or positive. */
export function compareMaven(a: string, b: string): number {
  for (const v of [a, b]) if (v.length > MAX_LENGTH) throw new VersionSyntaxError('maven', `${v.slice(0, 32)}…`);
  return Math.sign(compareLists(parse(a), parse(b))) || 0; // never -0
}
