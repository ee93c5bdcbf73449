// CPE name matching (NISTIR 7696): attribute-wise set relations between a source name (which may carry
// wildcards, e.g. from a vulnerability record) and a target name (e.g. a device's inventory entry).
import { CPE_ATTRIBUTES, parseCpe, type CpeAttribute, type CpeValue, type Wfn } from './cpe.ts';

/** The set relation of one source attribute value to the target's. */
export type CpeRelation = 'SUPERSET' | 'SUBSET' | 'EQUAL' | 'DISJOINT' | 'UNDEFINED';

/** Whether the character at index is unquoted: preceded by an even number of backslashes. */
function isUnquoted(s: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && s[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

function hasWildcards(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '*' || s[i] === '?') return true;
  }
  return false;
}

/** The number of escape characters in s[start, end). */
function countEscapes(s: string, start: number, end: number): number {
  let count = 0;
  let active = false;
  for (let i = start; i < end; i++) {
    active = !active && s[i] === '\\';
    if (active) count++;
  }
  return count;
}

/** NISTIR 7696 compareStrings: a source value with wildcards at either end against a literal target. */
function compareStrings(source: string, target: string): CpeRelation {
  let start = 0;
  let end = source.length;
  let begins = 0;
  let ends = 0;
  if (source[0] === '*') {
    start = 1;
    begins = -1;
  } else {
    while (start < source.length && source[start] === '?') {
      start++;
      begins++;
    }
  }
  if (source[end - 1] === '*' && isUnquoted(source, end - 1)) {
    end--;
    ends = -1;
  } else {
    while (end > 0 && source[end - 1] === '?' && isUnquoted(source, end - 1)) {
      end--;
      ends++;
    }
  }
  const core = source.slice(start, end);
  let index = -1;
  let leftover = target.length;
  while (leftover > 0) {
    index = target.indexOf(core, index + 1);
    if (index === -1) break;
    const escapesBefore = countEscapes(target, 0, index);
    if (index > 0 && begins !== -1 && begins < index - escapesBefore) break;
    const escapesAfter = countEscapes(target, index + 1, target.length);
    leftover = target.length - index - escapesAfter - core.length;
    if (leftover > 0 && ends !== -1 && leftover > ends) continue;
    return 'SUPERSET';
  }
  return 'DISJOINT';
}

/** NISTIR 7696 compare: the relation of one source attribute value to one target value (case-insensitive). */
export function compareCpeValues(source: CpeValue, target: CpeValue): CpeRelation {
  const s = typeof source === 'object' ? source.value.toLowerCase() : source;
  const t = typeof target === 'object' ? target.value.toLowerCase() : target;
  if (typeof target === 'object' && hasWildcards(t)) return 'UNDEFINED';
  if (typeof source === typeof target && s === t) return 'EQUAL';
  if (source === 'ANY') return 'SUPERSET';
  if (target === 'ANY') return 'SUBSET';
  if (source === 'NA' || target === 'NA') return 'DISJOINT';
  return compareStrings(s, t);
}

const toWfn = (x: Wfn | string): Wfn => (typeof x === 'string' ? parseCpe(x) : x);

/** The per-attribute relations of a source CPE to a target CPE (NISTIR 7696 compare_wfns); strings are parsed first. */
export function compareCpe(source: Wfn | string, target: Wfn | string): Record<CpeAttribute, CpeRelation> {
  const s = toWfn(source);
  const t = toWfn(target);
  return Object.fromEntries(CPE_ATTRIBUTES.map((a) => [a, compareCpeValues(s[a], t[a])])) as Record<CpeAttribute, CpeRelation>;
}

/** NISTIR 7696 CPE_SUPERSET: whether the source name matches the target (every attribute SUPERSET or EQUAL). */
export function isCpeMatch(source: Wfn | string, target: Wfn | string): boolean {
  return Object.values(compareCpe(source, target)).every((r) => r === 'SUPERSET' || r === 'EQUAL');
}

/** NISTIR 7696 CPE_DISJOINT: whether some attribute of the two names is DISJOINT. */
export function isCpeDisjoint(source: Wfn | string, target: Wfn | string): boolean {
  return Object.values(compareCpe(source, target)).includes('DISJOINT');
}
