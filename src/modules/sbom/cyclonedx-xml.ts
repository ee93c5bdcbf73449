/** CycloneDX 1.2–1.6 XML → Sbom, refusing DOCTYPE/ENTITY declarations before any parser runs. */
import { XMLParser } from 'fast-xml-parser';
import { checkCycloneDxVersion, mapCycloneDx } from './cyclonedx-model.ts';
import { cycloneDxXmlToJsonShape } from './cyclonedx-xml-shape.ts';
import { isJsonObject } from './json-fields.ts';
import { MAX_NESTING } from './json-text.ts';
import { SbomParseError, type Sbom } from './sbom.types.ts';
import { scanXml } from './xml-scan.ts';

const NAMESPACE = /\sxmlns(?::[\w.-]+)?\s*=\s*["']http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)["']/;

/** Elements that may repeat; always arrays, so one occurrence and many read the same way. */
const REPEATING = new Set([
  'component',
  'service',
  'dependency',
  'hash',
  'license',
  'expression',
  'tool',
  'vulnerability',
  'target',
  'response',
]);

/** Names fast-xml-parser refuses outright (prototype pollution guard); renamed so such a document still parses. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  cdataPropName: '#cdata',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // No entity expansion at all (DOCTYPE is refused anyway); the five predefined entities are decoded by the shape reader.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_NESTING + 1,
  transformTagName: (name) => (RESERVED_NAMES.has(name.replace(/^.*:/, '')) ? `x-${name.replace(/^.*:/, '')}` : name),
  isArray: (name, jPath) => {
    if (name === 'author') return String(jPath).endsWith('authors.author');
    return REPEATING.has(name) && jPath !== 'bom.metadata.component';
  },
});

/** Parses CycloneDX XML text (already decoded) to the normalized model. */
export function parseCycloneDxXml(text: string): Sbom {
  const outline = scanXml(text);
  if (outline.rootName !== 'bom') throw new SbomParseError(`XML root element <${outline.rootName}> is not a CycloneDX <bom>`, 'line 1');
  const version = NAMESPACE.exec(outline.rootTag)?.[1];
  if (version === undefined) {
    throw new SbomParseError('<bom> is not in a CycloneDX namespace (http://cyclonedx.org/schema/bom/1.x)', 'bom');
  }
  const specVersion = checkCycloneDxVersion(version, 'bom@xmlns');
  let tree: unknown;
  try {
    tree = parser.parse(text);
  } catch (error) {
    throw new SbomParseError(`invalid XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const bom = isJsonObject(tree) ? tree['bom'] : undefined;
  if (bom === '') return mapCycloneDx({}, specVersion, 'xml');
  if (!isJsonObject(bom)) throw new SbomParseError('XML without a <bom> element', 'bom');
  return mapCycloneDx(cycloneDxXmlToJsonShape(bom), specVersion, 'xml');
}
