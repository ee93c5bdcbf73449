/**
 * Advisories without identifiers (CISA's medical advisories carry no CPE, purl or model number) name devices in words:
 * vendor "Baxter", product "Sigma Spectrum Infusion System", version "<= 8.00.01" or "vers:all/*" or "2.X". This file
 * decides, in plain functions, whether such a name may be a registered product and whether a version is in the text.
 */
import { compareCpeVersions } from '../matching/versions/cpe-version.ts';
import { isInVers, parseVers } from '../matching/versions/ranges.ts';

// Words that say what kind of company, not which one.
const corporateWords = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'lp',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'plc',
  'bv',
  'nv',
  'srl',
  'spa',
  'kk',
  'oy',
  'ab',
  'as',
  'pty',
  'the',
  'group',
  'holdings',
  'international',
  'and',
  'kg',
]);

/** Lower-case word tokens of a name, accents removed. */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** A company name's distinguishing tokens ("Baxter Healthcare Corporation" → baxter, healthcare). */
export function vendorTokens(name: string): string[] {
  const tokens = nameTokens(name).filter((t) => !corporateWords.has(t));
  return tokens.length > 0 ? tokens : nameTokens(name);
}

const startsWith = (long: string[], short: string[]) => short.length > 0 && short.every((t, i) => long[i] === t);

/** The vendor of an advisory may be this organisation: one name is the other plus more words ("Baxter" ~ "Baxter Healthcare"). */
export function isSameVendor(advisoryVendor: string, orgName: string): boolean {
  const a = vendorTokens(advisoryVendor);
  const b = vendorTokens(orgName);
  if (a.length === 0 || b.length === 0) return false;
  if (a.join('') === b.join('')) return true; // "Hill-Rom" ~ "Hillrom"
  return a.length >= b.length ? startsWith(a, b) : startsWith(b, a);
}

const containsRun = (long: string[], short: string[]) => {
  if (short.length === 0 || short.length > long.length) return false;
  for (let i = 0; i + short.length <= long.length; i++) if (short.every((t, k) => long[i + k] === t)) return true;
  return false;
};

/**
 * The advisory's product name may be this registered product (by its name or model): equal, or one name's words appear
 * in order inside the other ("Alaris PC Unit" ~ "Alaris"; "Sigma Spectrum" ~ "Sigma Spectrum Infusion System").
 * Very short generic names would match everything, so the shorter side must carry 3 characters or more.
 */
export function isSameProduct(advisoryProduct: string, registeredName: string): boolean {
  const a = nameTokens(advisoryProduct);
  const b = nameTokens(registeredName);
  if (a.length === 0 || b.length === 0) return false;
  if (a.join('') === b.join('')) return true; // "PWS-01-BT" ~ "PWS01BT"
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  return short.join('').length >= 3 && containsRun(long, short);
}

/** Whether a version is in an advisory's version text: yes, no, every version, or the text cannot be read. */
export type VersionVerdict = 'in_range' | 'out_of_range' | 'all_versions' | 'unknown';

type Term = { op: '<' | '<=' | '>' | '>=' | '='; value: string } | { op: 'prefix'; value: string } | { op: 'vers'; value: string };

const hasDigit = (s: string) => /\d/.test(s);
const cleanVersion = (s: string) =>
  s
    .trim()
    .replace(/^(?:version|ver\.?|release)\s+/i, '')
    .replace(/^v(?=\d)/i, '')
    .trim();

function readTerm(raw: string): Term | null {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (/^vers:/i.test(text)) return { op: 'vers', value: text };
  let m = /^(<=|>=|<|>|=|==)\s*(\S.*)$/.exec(text);
  // A date ("<8/30/2024") does not order like a version.
  if (m && /^\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(m[2]!.trim())) return null;
  if (m) return { op: m[1] === '==' ? '=' : (m[1] as '<'), value: cleanVersion(m[2]!) };
  m = /^(?:all\s+)?(?:versions?\s+)?(?:prior to|before|earlier than|older than)\s+(.+)$/i.exec(text);
  if (m) return { op: '<', value: cleanVersion(m[1]!) };
  m = /^(?:versions?\s+)?(.+?)\s+(?:and|or)\s+(?:below|prior|earlier|older|lower|before)$/i.exec(text);
  if (m) return { op: '<=', value: cleanVersion(m[1]!) };
  m = /^(?:up to(?: and including)?|through)\s+(.+)$/i.exec(text);
  if (m) return { op: '<=', value: cleanVersion(m[1]!) };
  m = /^(?:versions?\s+)?(.+?)\s+(?:and|or)\s+(?:later|above|newer|higher)$/i.exec(text);
  if (m) return { op: '>=', value: cleanVersion(m[1]!) };
  const v = cleanVersion(text);
  m = /^(\d+(?:\.\d+)*)((?:\.[xX*])+)$/.exec(v);
  if (m) return { op: 'prefix', value: `${m[1]}.` };
  // A plain version: digits, dots, letters, no spaces (model names and prose are not versions).
  if (/^[0-9A-Za-z][0-9A-Za-z._\-]*$/.test(v) && hasDigit(v)) return { op: '=', value: v };
  return null;
}

function holds(term: Term, version: string): boolean | null {
  const v = cleanVersion(version);
  switch (term.op) {
    case 'vers':
      try {
        return isInVers(parseVers(term.value), v, 'generic');
      } catch {
        return null;
      }
    case 'prefix':
      return v.startsWith(term.value) || v === term.value.slice(0, -1);
    case '=':
      return v.toLowerCase() === term.value.toLowerCase() || (hasDigit(v) && compareCpeVersions(v, term.value) === 0);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (!hasDigit(v) || !hasDigit(term.value)) return null;
      // "2.1" against "BT06" or "C.00.04": numbered and lettered versions do not order against each other.
      if (/^\d/.test(v) !== /^\d/.test(term.value)) return null;
      // "< 3.x" bounds the 3 series: compare only as many parts of the version as the bound has numbers.
      const series = /^(\d+(?:\.\d+)*)(?:\.[xX*])+$/.exec(term.value);
      const c = series
        ? compareCpeVersions(v.split('.').slice(0, series[1]!.split('.').length).join('.'), series[1]!)
        : compareCpeVersions(v, term.value);
      return term.op === '<' ? c < 0 : term.op === '<=' ? c <= 0 : term.op === '>' ? c > 0 : c >= 0;
    }
  }
}

/**
 * Reads the version text of an advisory product against a registered version. Alternatives are separated by "|";
 * CISA writes a range as ">= 1.3.4 | < 1.5.3", so a lower bound followed by an upper bound is read as both at once.
 */
export function versionVerdict(versionText: string | null, version: string): VersionVerdict {
  const text = (versionText ?? '').trim();
  if (text === '' || /^vers:all\/\*$/i.test(text) || /^(?:\*|all|all versions?|any|any versions?)$/i.test(text)) return 'all_versions';
  // A vers range carries its own "|": read it whole.
  if (/^vers:/i.test(text)) {
    const term: Term = { op: 'vers', value: text };
    const inside = holds(term, version);
    if (inside === true && /^vers:[^/]*\/\s*\*\s*$/i.test(text)) return 'all_versions';
    return inside === null ? 'unknown' : inside ? 'in_range' : 'out_of_range';
  }
  // CISA writes a version family and then words about it: "8.x model 35700BAX2", "9.x (with Wireless Battery Modules …)".
  // The family decides; the words (and any bounds inside them, which bound something else) do not.
  const family = /^v?(\d+(?:\.\d+)*)(?:\.[xX*])+\s+\S/.exec(text);
  if (family) return holds({ op: 'prefix', value: `${family[1]}.` }, version) ? 'in_range' : 'out_of_range';
  const parts = text
    .split('|')
    .map((p) => p.trim())
    .filter(Boolean);
  const terms = parts.map(readTerm);
  if (terms.some((t) => t === null)) {
    // Some of it is prose: a version that equals one of the readable terms still counts. A bound inside prose may
    // bound something else (the battery module of "9.x (with Wireless Battery Modules >= 22D19 | <= v22D28)").
    return terms.some((t) => t !== null && t.op === '=' && holds(t, version) === true) ? 'in_range' : 'unknown';
  }
  const read = terms as Term[];
  const isLower = (t: Term | undefined) => t?.op === '>' || t?.op === '>=';
  const isUpper = (t: Term | undefined) => t?.op === '<' || t?.op === '<=';
  // Each alternative is one term, or a lower bound and the upper bound after it (two terms: in either order).
  const alternatives: Term[][] = [];
  if (read.length === 2 && read.some(isLower) && read.some(isUpper)) alternatives.push(read);
  else
    for (let i = 0; i < read.length; i++) {
      if (isLower(read[i]) && isUpper(read[i + 1])) alternatives.push([read[i]!, read[++i]!]);
      else alternatives.push([read[i]!]);
    }
  const results = alternatives.map((group) => {
    const r = group.map((t) => holds(t, version));
    return r.includes(false) ? false : r.includes(null) ? null : true;
  });
  if (results.some((r) => r === true)) return 'in_range';
  return results.some((r) => r === null) ? 'unknown' : 'out_of_range';
}
