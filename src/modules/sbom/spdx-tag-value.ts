/** SPDX 2.2/2.3 tag-value → Sbom: the lines become the SPDX JSON shape, which spdx2-model maps; places become lines. */
import type { JsonObject } from './json-fields.ts';
import { SbomParseError, type Sbom } from './sbom.types.ts';
import { mapSpdx2 } from './spdx2-model.ts';

type Section = 'document' | 'package' | 'file' | 'snippet' | 'license';

const TAG_LINE = /^([A-Za-z][A-Za-z0-9_.-]*)\s*:\s?(.*)$/;
// Maps, not object literals: a tag such as "constructor" must not find Object.prototype members.
const SECTION_START = new Map<string, Section>([
  ['PackageName', 'package'],
  ['FileName', 'file'],
  ['SnippetSPDXID', 'snippet'],
  ['LicenseID', 'license'],
]);
const PACKAGE_FIELDS = new Map([
  ['PackageVersion', 'versionInfo'],
  ['PackageSupplier', 'supplier'],
  ['PackageOriginator', 'originator'],
  ['PackageLicenseConcluded', 'licenseConcluded'],
  ['PackageLicenseDeclared', 'licenseDeclared'],
  ['PrimaryPackagePurpose', 'primaryPackagePurpose'],
  ['SPDXID', 'SPDXID'],
]);
const DOCUMENT_FIELDS = new Map([
  ['SPDXVersion', 'spdxVersion'],
  ['DocumentName', 'name'],
  ['DocumentNamespace', 'documentNamespace'],
  ['SPDXID', 'SPDXID'],
]);

/** The document in SPDX JSON shape and the line each JSON path came from. */
interface TagValueDocument {
  doc: JsonObject;
  lines: Map<string, number>;
}

/** Parses SPDX tag-value text (already decoded) to the normalized model. */
export function parseSpdxTagValue(text: string): Sbom {
  const { doc, lines } = readTagValue(text);
  const lineOfPath = (path: string): string => {
    for (let p = path; p !== ''; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
      const line = lines.get(p);
      if (line !== undefined) return `line ${line}`;
      if (!/(\.[^.[\]]+|\[\d+\])$/.test(p)) break;
    }
    return 'line 1';
  };
  try {
    const sbom = mapSpdx2(doc, 'tag-value');
    sbom.warnings = sbom.warnings.map((w) =>
      w.replace(/^((?:packages|relationships)\[\d+\][^:\s]*):/, (_, path: string) => `${lineOfPath(path)}:`),
    );
    return sbom;
  } catch (error) {
    if (!(error instanceof SbomParseError) || error.place === undefined) throw error;
    const message = error.message.slice(0, error.message.length - ` (at ${error.place})`.length);
    throw new SbomParseError(message, lineOfPath(error.place));
  }
}

function readTagValue(text: string): TagValueDocument {
  const lines = new Map<string, number>();
  const creators: string[] = [];
  const creationInfo: JsonObject = { creators };
  const packages: JsonObject[] = [];
  const relationships: JsonObject[] = [];
  const doc: JsonObject = { creationInfo, packages, relationships };
  let section: Section = 'document';
  let current: JsonObject | undefined;

  const rows = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < rows.length; i++) {
    const lineNo = i + 1;
    const row = rows[i]!.trimStart();
    if (row === '' || row.startsWith('#')) continue;
    const match = TAG_LINE.exec(row);
    if (!match) throw new SbomParseError('expected "Tag: value"', `line ${lineNo}`);
    const tag = match[1]!;
    let value = match[2]!.trim();
    if (value.startsWith('<text>')) {
      const parts = [value.slice('<text>'.length)];
      while (!parts.at(-1)!.includes('</text>')) {
        if (++i >= rows.length) throw new SbomParseError(`<text> of ${tag} is not closed by </text>`, `line ${lineNo}`);
        parts.push(rows[i]!);
      }
      const joined = parts.join('\n');
      value = joined.slice(0, joined.indexOf('</text>')).trim();
    }
    const at = `line ${lineNo}`;

    section = SECTION_START.get(tag) ?? section;
    const documentField = section === 'document' ? DOCUMENT_FIELDS.get(tag) : undefined;
    if (tag === 'PackageName') {
      current = { name: value };
      lines.set(`packages[${packages.length}]`, lineNo);
      lines.set(`packages[${packages.length}].name`, lineNo);
      packages.push(current);
    } else if (tag === 'Relationship') {
      const [from, type, to, ...rest] = value.split(/\s+/);
      if (to === undefined || rest.length > 0) throw new SbomParseError('expected "Relationship: <id> <TYPE> <id>"', at);
      lines.set(`relationships[${relationships.length}]`, lineNo);
      relationships.push({ spdxElementId: from, relationshipType: type, relatedSpdxElement: to });
    } else if (documentField !== undefined) {
      doc[documentField] = value;
      lines.set(documentField, lineNo);
    } else if (section === 'document' && tag === 'Creator') {
      creators.push(value);
    } else if (section === 'document' && tag === 'Created') {
      creationInfo['created'] = value;
      lines.set('creationInfo.created', lineNo);
    } else if (section === 'package' && current) {
      readPackageTag(current, tag, value, at);
      const field = PACKAGE_FIELDS.get(tag);
      if (field !== undefined) lines.set(`packages[${packages.length - 1}].${field}`, lineNo);
    }
  }
  return { doc, lines };
}

function readPackageTag(pkg: JsonObject, tag: string, value: string, at: string): void {
  const field = PACKAGE_FIELDS.get(tag);
  if (field !== undefined) {
    pkg[field] = value;
  } else if (tag === 'PackageChecksum') {
    const match = /^([A-Za-z0-9_-]+)\s*:\s*(\S+)$/.exec(value);
    if (!match) throw new SbomParseError('expected "PackageChecksum: <ALGORITHM>: <value>"', at);
    const checksums = (pkg['checksums'] ??= []) as JsonObject[];
    checksums.push({ algorithm: match[1], checksumValue: match[2] });
  } else if (tag === 'ExternalRef') {
    const [category, type, locator, ...rest] = value.split(/\s+/);
    if (locator === undefined || rest.length > 0) throw new SbomParseError('expected "ExternalRef: <CATEGORY> <type> <locator>"', at);
    const refs = (pkg['externalRefs'] ??= []) as JsonObject[];
    refs.push({ referenceCategory: category, referenceType: type, referenceLocator: locator });
  }
}
