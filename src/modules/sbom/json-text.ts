/** JSON text → value, refusing nesting deeper than the limit before JSON.parse sees it. */
import { SbomParseError } from './sbom.types.ts';
import { linePlace } from './text-position.ts';

/** Deepest nesting of arrays/objects (JSON) or elements (XML) a document may have. */
export const MAX_NESTING = 64;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

/**
 * Throws when arrays/objects nest deeper than `maxDepth`. One pass; strings are skipped with indexOf,
 * which is what keeps this cheap next to JSON.parse on a 300,000-component document.
 */
export function checkJsonNesting(text: string, maxDepth: number = MAX_NESTING): void {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = endOfString(text, i);
      if (i === -1) return; // unterminated string: JSON.parse reports it with its position
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) {
        throw new SbomParseError(`JSON nests deeper than ${maxDepth} levels`, linePlace(text, i));
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
}

/** Offset of the quote closing the string that opens at `start`, or -1. */
function endOfString(text: string, start: number): number {
  let i = text.indexOf('"', start + 1);
  while (i !== -1) {
    let backslashes = 0;
    for (let j = i - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return i;
    i = text.indexOf('"', i + 1);
  }
  return -1;
}

/** Parses JSON text; a syntax error becomes a SbomParseError with line and column. */
export function parseJsonText(text: string): unknown {
  checkJsonNesting(text);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const position = /position (\d+)/.exec(error.message)?.[1];
    const offset = position === undefined ? text.length : Number(position);
    const reason = error.message.replace(/\s*(in JSON )?at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    throw new SbomParseError(`invalid JSON: ${reason} (offset ${offset})`, linePlace(text, offset));
  }
}
