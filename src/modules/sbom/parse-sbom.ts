/** One entry point for every SBOM format: detects the format from the content and returns the normalized model. */
import { parseCycloneDxJson } from './cyclonedx-json.ts';
import { parseCycloneDxXml } from './cyclonedx-xml.ts';
import { isJsonObject, jsonTypeName } from './json-fields.ts';
import { parseJsonText } from './json-text.ts';
import { decodeSbomInput, DEFAULT_MAX_BYTES } from './sbom-input.ts';
import { SbomParseError, type Sbom } from './sbom.types.ts';
import { parseSpdxJson } from './spdx-json.ts';
import { parseSpdxTagValue } from './spdx-tag-value.ts';
import { parseSpdx3JsonLd } from './spdx3-jsonld.ts';

/** Options of parseSbom. */
export interface ParseSbomOptions {
  /** The uploaded file's name, used only to word errors. */
  fileName?: string;
  /** Largest accepted input in bytes (default 1 GiB), checked before decoding. */
  maxBytes?: number;
}

const KNOWN_FORMATS = 'CycloneDX 1.2–1.6 (JSON, XML), SPDX 2.2/2.3 (JSON, tag-value) or SPDX 3.0 (JSON-LD)';
const TAG_VALUE_START = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*SPDXVersion[ \t]*:/;

/** Parses an SBOM in any supported format; every defect of the input is a SbomParseError with a place. */
export function parseSbom(input: string | Uint8Array, options: ParseSbomOptions = {}): Sbom {
  const text = decodeSbomInput(input, options.maxBytes ?? DEFAULT_MAX_BYTES);
  try {
    return parseText(text, options.fileName);
  } catch (error) {
    if (error instanceof RangeError) throw new SbomParseError(`the SBOM could not be read: ${error.message}`);
    throw error;
  }
}

function parseText(text: string, fileName: string | undefined): Sbom {
  const start = text.search(/\S/);
  const first = text[start];
  if (first === '{' || first === '[') return parseJsonDocument(text, fileName);
  if (first === '<') return parseCycloneDxXml(text);
  if (TAG_VALUE_START.test(text.slice(0, 64 * 1024))) return parseSpdxTagValue(text);
  throw unknownFormat('the content is neither JSON, XML nor SPDX tag-value', fileName);
}

function parseJsonDocument(text: string, fileName: string | undefined): Sbom {
  const value = parseJsonText(text);
  if (!isJsonObject(value))
    throw new SbomParseError(`expected a JSON object at the top level but found ${jsonTypeName(value)}`, '(document)');
  if ('bomFormat' in value) return parseCycloneDxJson(value);
  if ('spdxVersion' in value) return parseSpdxJson(value);
  if ('@context' in value || '@graph' in value) return parseSpdx3JsonLd(value);
  if ('specVersion' in value && 'components' in value)
    throw unknownFormat('JSON with specVersion and components but no bomFormat', fileName);
  throw unknownFormat('JSON without bomFormat, spdxVersion or an SPDX 3 @context', fileName);
}

function unknownFormat(why: string, fileName: string | undefined): SbomParseError {
  const hint =
    fileName && /\.(rdf|ttl|ya?ml|xlsx?)$/i.test(fileName)
      ? `; ${fileName} looks like an SPDX RDF/YAML/spreadsheet file, which is not read`
      : '';
  return new SbomParseError(`unknown SBOM format: ${why}${hint} (expected ${KNOWN_FORMATS})`);
}
