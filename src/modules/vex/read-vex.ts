/** One entry point for imported VEX files: detects the format from the content and reads its statements. */
import { parseSbom } from '../sbom/index.ts';
import { isJsonObject, jsonTypeName } from '../sbom/json-fields.ts';
import { parseJsonText } from '../sbom/json-text.ts';
import { readCsafVex, isCsaf } from './csaf-vex-read.ts';
import { readCycloneDxVex } from './cyclonedx-vex-read.ts';
import { isOpenVex, readOpenVex } from './openvex-read.ts';
import { type ImportedVex, VexParseError } from './vex-statement.ts';

/** The largest VEX file read (a CycloneDX VEX of 100,000 statements is about 50 MB). */
export const MAX_VEX_BYTES = 64 * 1024 * 1024;
/** The most statements one import records. */
export const MAX_STATEMENTS = 50_000;

const KNOWN =
  'CycloneDX VEX (JSON with bomFormat, or XML), OpenVEX (JSON with @context https://openvex.dev/ns/…) or CSAF 2.0 (JSON with document.csaf_version)';

function decode(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_VEX_BYTES) throw new VexParseError(`the file is larger than ${MAX_VEX_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new VexParseError('the file is not UTF-8 text (a binary or compressed file?)');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new VexParseError('the file is empty');
  return text;
}

/**
 * Reads a VEX document: CycloneDX (JSON or XML, through the SBOM parser, which refuses DTDs and entities), OpenVEX or
 * CSAF. Every defect is a PlacedError naming where it is.
 */
export function readVex(bytes: Uint8Array): ImportedVex {
  const text = decode(bytes);
  const first = text[text.search(/\S/)];
  let doc: ImportedVex;
  if (first === '<') {
    doc = readCycloneDxVex(parseSbom(text, { maxBytes: MAX_VEX_BYTES }));
  } else if (first === '{' || first === '[') {
    const value = parseJsonText(text);
    if (!isJsonObject(value)) throw new VexParseError(`expected a JSON object but found ${jsonTypeName(value)}`, '(document)');
    if ('bomFormat' in value) doc = readCycloneDxVex(parseSbom(text, { maxBytes: MAX_VEX_BYTES }));
    else if (isOpenVex(value)) doc = readOpenVex(value);
    else if (isCsaf(value)) doc = readCsafVex(value);
    else throw new VexParseError(`unknown VEX format (expected ${KNOWN})`, '(document)');
  } else {
    throw new VexParseError(`the file is neither JSON nor XML (expected ${KNOWN})`, '(document)');
  }
  if (doc.statements.length === 0)
    throw new VexParseError('the document makes no VEX statement', doc.format === 'openvex' ? 'statements' : 'vulnerabilities');
  if (doc.statements.length > MAX_STATEMENTS)
    throw new VexParseError(`the document makes ${doc.statements.length} statements; one import takes at most ${MAX_STATEMENTS}`);
  return doc;
}
