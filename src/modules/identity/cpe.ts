// CPE 2.3 names (NISTIR 7695, CPE Naming): well-formed names (WFN) and the formatted-string and 2.2 URI
// bindings. String values are kept in WFN form: special characters quoted with '\', unquoted '*' and '?'
// are wildcards (only at either end of a value).

/** ANY, NA, or a WFN string value (quoted form, e.g. `7\.4\.0\.1570`). */
export type CpeValue = 'ANY' | 'NA' | { value: string };

/** The eleven WFN attributes, in binding order. */
export const CPE_ATTRIBUTES = [
  'part',
  'vendor',
  'product',
  'version',
  'update',
  'edition',
  'language',
  'sw_edition',
  'target_sw',
  'target_hw',
  'other',
] as const;

/** One WFN attribute name. */
export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

/** A well-formed CPE name. */
export type Wfn = Record<CpeAttribute, CpeValue>;

/** Text that is not a valid CPE 2.3 formatted string or 2.2 URI, or a WFN that cannot be bound. */
export class CpeSyntaxError extends Error {
  constructor(message: string, text?: string) {
    super(text === undefined ? message : `${message}: "${text.length > 200 ? `${text.slice(0, 200)}…` : text}"`);
    this.name = 'CpeSyntaxError';
  }
}

// Real names stay well under 1 KiB; the cap keeps hostile input from costing anything.
const MAX_LENGTH = 4_096;

const isAlnum = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
const isPrintable = (c: string) => c >= '!' && c <= '~';

/** NISTIR 7695 add_quoting: a formatted-string value to WFN form, checking wildcard placement and escapes. */
function addQuoting(s: string, original: string): string {
  let out = '';
  let embedded = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (!isPrintable(c)) throw new CpeSyntaxError('only printable ASCII is allowed in a CPE', original);
    if (isAlnum(c) || c === '_') {
      out += c;
      embedded = true;
    } else if (c === '\\') {
      const next = s[i + 1];
      if (next === undefined || !isPrintable(next) || isAlnum(next)) throw new CpeSyntaxError('bad escape', original);
      out += c + next;
      i++;
      embedded = true;
    } else if (c === '*') {
      if (i !== 0 && i !== s.length - 1) throw new CpeSyntaxError('"*" is only allowed at the start or end of a value', original);
      out += c;
      embedded = true;
    } else if (c === '?') {
      const atEdge = i === 0 || i === s.length - 1 || (!embedded && s[i - 1] === '?') || (embedded && s[i + 1] === '?');
      if (!atEdge) throw new CpeSyntaxError('"?" is only allowed at the start or end of a value', original);
      out += c;
      embedded = false;
    } else {
      out += `\\${c}`;
      embedded = true;
    }
  }
  return out;
}

/** Checks that a string is a valid WFN value in quoted form (what formatCpe23 accepts). */
function checkWfnString(s: string): void {
  if (s === '') throw new CpeSyntaxError('a CPE attribute value cannot be empty');
  // Quoting a valid WFN value changes nothing; an unquoted special character would gain a '\'.
  if (addQuoting(s, s) !== s) throw new CpeSyntaxError('unquoted special character in WFN value', s);
}

const checkPart = (v: CpeValue, text: string) => {
  if (typeof v === 'object' && !['a', 'o', 'h'].includes(v.value.toLowerCase())) throw new CpeSyntaxError('part must be a, o or h', text);
};

/** Splits a formatted string on its unescaped colons, stopping as soon as there are too many. */
function splitFs(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ':') {
      parts.push(text.slice(start, i));
      start = i + 1;
      if (parts.length > 13) throw new CpeSyntaxError('a CPE 2.3 formatted string has 13 colon-separated parts', text);
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function unbindFs(text: string): Wfn {
  const parts = splitFs(text);
  if (parts.length !== 13 || parts[0]!.toLowerCase() !== 'cpe' || parts[1] !== '2.3') {
    throw new CpeSyntaxError('a CPE 2.3 formatted string is cpe:2.3: followed by 11 attributes', text);
  }
  const wfn = {} as Wfn;
  CPE_ATTRIBUTES.forEach((attr, k) => {
    const s = parts[k + 2]!;
    if (s === '') throw new CpeSyntaxError(`empty ${attr}`, text);
    wfn[attr] = s === '*' ? 'ANY' : s === '-' ? 'NA' : { value: addQuoting(s, text) };
  });
  checkPart(wfn.part, text);
  return wfn;
}

/** NISTIR 7695 decode: one 2.2 URI component to WFN form. */
function decodeUriComponent(raw: string, text: string): CpeValue {
  if (raw === '') return 'ANY';
  if (raw === '-') return 'NA';
  const s = raw.toLowerCase();
  let out = '';
  let embedded = false;
  for (let i = 0; i < s.length;) {
    const c = s[i]!;
    if (c === '.' || c === '-' || c === '~') {
      out += `\\${c}`;
      i++;
      embedded = true;
    } else if (c !== '%') {
      if (!isPrintable(c)) throw new CpeSyntaxError('only printable ASCII is allowed in a CPE', text);
      out += isAlnum(c) || c === '_' ? c : `\\${c}`;
      i++;
      embedded = true;
    } else {
      const form = s.slice(i, i + 3);
      if (form === '%01') {
        const ok =
          i === 0 || i === s.length - 3 || (!embedded && s.slice(i - 3, i) === '%01') || (embedded && s.slice(i + 3, i + 6) === '%01');
        if (!ok) throw new CpeSyntaxError('"%01" is only allowed at the start or end of a value', text);
        out += '?';
      } else if (form === '%02') {
        if (i !== 0 && i !== s.length - 3) throw new CpeSyntaxError('"%02" is only allowed at the start or end of a value', text);
        out += '*';
      } else {
        if (!/^%[0-7][0-9a-f]$/.test(form)) throw new CpeSyntaxError('bad percent-encoding', text);
        const ch = String.fromCharCode(parseInt(form.slice(1), 16));
        if (!isPrintable(ch)) throw new CpeSyntaxError('only printable ASCII is allowed in a CPE', text);
        out += isAlnum(ch) || ch === '_' ? ch : `\\${ch}`;
        embedded = true;
      }
      i += 3;
    }
  }
  return { value: out };
}

function unbindUri(text: string): Wfn {
  const parts = text.slice(5).split(':');
  if (parts.length > 7) throw new CpeSyntaxError('a CPE 2.2 URI has at most 7 components', text);
  const wfn = Object.fromEntries(CPE_ATTRIBUTES.map((a) => [a, 'ANY'])) as Wfn;
  for (const [k, attr] of (['part', 'vendor', 'product', 'version', 'update', 'edition', 'language'] as const).entries()) {
    const raw = parts[k] ?? '';
    if (attr === 'edition' && raw.startsWith('~')) {
      // A packed edition: ~edition~sw_edition~target_sw~target_hw~other
      const packed = raw.split('~');
      if (packed.length !== 6) throw new CpeSyntaxError('a packed edition has exactly five "~"', text);
      (['edition', 'sw_edition', 'target_sw', 'target_hw', 'other'] as const).forEach((a, j) => {
        wfn[a] = decodeUriComponent(packed[j + 1]!, text);
      });
    } else {
      wfn[attr] = decodeUriComponent(raw, text);
    }
  }
  checkPart(wfn.part, text);
  return wfn;
}

/** Parses a CPE 2.3 formatted string (cpe:2.3:…) or a CPE 2.2 URI (cpe:/…) into a WFN; throws CpeSyntaxError otherwise. */
export function parseCpe(text: string): Wfn {
  if (typeof text !== 'string') throw new CpeSyntaxError('a CPE must be a string');
  if (text.length > MAX_LENGTH) throw new CpeSyntaxError(`a CPE is at most ${MAX_LENGTH} characters`);
  const t = text.trim();
  const prefix = t.slice(0, 8).toLowerCase();
  if (prefix === 'cpe:2.3:') return unbindFs(t);
  if (prefix.startsWith('cpe:/')) return unbindUri(t);
  throw new CpeSyntaxError('a CPE starts with "cpe:2.3:" or "cpe:/"', t);
}

/** Binds a WFN to its CPE 2.3 formatted string; throws CpeSyntaxError for values that are not valid WFN strings. */
export function formatCpe23(wfn: Wfn): string {
  const bound = CPE_ATTRIBUTES.map((attr) => {
    const v = wfn[attr];
    if (v === 'ANY') return '*';
    if (v === 'NA') return '-';
    checkWfnString(v.value);
    // '.', '-' and '_' need no quoting in a formatted string; every other quoted character keeps its '\'.
    return v.value.replace(/\\(.)/g, (_m, c: string) => (c === '.' || c === '-' || c === '_' ? c : `\\${c}`));
  });
  checkPart(wfn.part, bound.join(':'));
  return `cpe:2.3:${bound.join(':')}`;
}
