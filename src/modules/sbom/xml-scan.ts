/**
 * A safety and well-formedness pass over XML before fast-xml-parser sees it. fast-xml-parser accepts truncated
 * documents and mismatched tags silently, and expands DOCTYPE entities; this pass refuses all of that with a line.
 */
import { MAX_NESTING } from './json-text.ts';
import { SbomParseError } from './sbom.types.ts';
import { linePlace, lineOf } from './text-position.ts';

/** What the scan learnt about the document. */
export interface XmlOutline {
  /** Root element name without namespace prefix. */
  rootName: string;
  /** The root start tag as written (its xmlns attributes name the CycloneDX version). */
  rootTag: string;
}

const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;
const NAME_END = /[\s/>]/g;

/** Refuses DOCTYPE/ENTITY declarations, unbalanced or too deeply nested elements, and text outside the root. */
export function scanXml(text: string, maxDepth: number = MAX_NESTING): XmlOutline {
  const declaration = DECLARATION.exec(text);
  if (declaration) {
    throw new SbomParseError(
      `XML with a ${declaration[1]!.toUpperCase()} declaration is refused (external entities and entity expansion are not allowed)`,
      linePlace(text, declaration.index),
    );
  }
  const names: string[] = [];
  const opened: number[] = [];
  let root: XmlOutline | undefined;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    const stop = lt === -1 ? text.length : lt;
    if (names.length === 0 && /\S/.test(text.slice(i, stop))) {
      throw new SbomParseError('text outside the root element', linePlace(text, i + text.slice(i, stop).search(/\S/)));
    }
    if (lt === -1) break;
    if (text.startsWith('<?', lt)) i = after(text, '?>', lt, 'processing instruction');
    else if (text.startsWith('<!--', lt)) i = after(text, '-->', lt, 'comment');
    else if (text.startsWith('<![CDATA[', lt)) {
      if (names.length === 0) throw new SbomParseError('CDATA outside the root element', linePlace(text, lt));
      i = after(text, ']]>', lt, 'CDATA section');
    } else if (text.startsWith('<!', lt)) {
      throw new SbomParseError('XML declarations (<!…>) are refused', linePlace(text, lt));
    } else if (text.startsWith('</', lt)) {
      const name = tagName(text, lt + 2);
      const gt = text.indexOf('>', lt);
      if (gt === -1) throw new SbomParseError(`unterminated closing tag </${name} (truncated?)`, linePlace(text, lt));
      const open = names.pop();
      if (open !== name) {
        const expected = open === undefined ? 'no open element' : `</${open}> (opened at line ${lineOf(text, opened.at(-1)!)})`;
        throw new SbomParseError(`closing tag </${name}> where ${expected} was expected`, linePlace(text, lt));
      }
      opened.pop();
      i = gt + 1;
    } else {
      const name = tagName(text, lt + 1);
      if (name === '') throw new SbomParseError('"<" that starts no element', linePlace(text, lt));
      const gt = endOfStartTag(text, lt);
      if (root && names.length === 0) throw new SbomParseError(`a second root element <${name}>`, linePlace(text, lt));
      root ??= { rootName: name.replace(/^[^:]*:/, ''), rootTag: text.slice(lt, gt + 1) };
      if (text.charCodeAt(gt - 1) !== 47 /* '/' */) {
        names.push(name);
        opened.push(lt);
        if (names.length > maxDepth) throw new SbomParseError(`XML nests deeper than ${maxDepth} elements`, linePlace(text, lt));
      }
      i = gt + 1;
    }
  }
  if (names.length > 0) {
    const last = opened.at(-1)!;
    throw new SbomParseError(`the document ends inside <${names.at(-1)}> (truncated?)`, `line ${lineOf(text, last)}`);
  }
  if (!root) throw new SbomParseError('no XML root element');
  return root;
}

function after(text: string, terminator: string, start: number, what: string): number {
  const end = text.indexOf(terminator, start);
  if (end === -1) throw new SbomParseError(`unterminated ${what} (truncated?)`, linePlace(text, start));
  return end + terminator.length;
}

function tagName(text: string, start: number): string {
  NAME_END.lastIndex = start;
  const end = NAME_END.exec(text)?.index ?? text.length;
  return text.slice(start, end);
}

/** Offset of the ">" ending the start tag at `lt`; quoted attribute values may contain ">". */
function endOfStartTag(text: string, lt: number): number {
  for (let i = lt + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '>') return i;
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close === -1) break;
      i = close;
    } else if (c === '<') {
      break;
    }
  }
  throw new SbomParseError('unterminated start tag (truncated?)', linePlace(text, lt));
}
