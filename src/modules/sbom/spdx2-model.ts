/** An SPDX 2.2/2.3 document in JSON shape (JSON as parsed, tag-value as converted) → Sbom. */
import { addHash, addLicense, isSpdxNoValue, makeHash, spdxActorName } from './component-fields.ts';
import { ComponentRefs, ParseWarnings } from './component-refs.ts';
import {
  asObject,
  optArray,
  optObject,
  optString,
  optStringList,
  placeOfItem,
  placeOfKey,
  reqString,
  type JsonObject,
} from './json-fields.ts';
import { SbomParseError, type Sbom, type SbomComponent } from './sbom.types.ts';
import { describedPackages, spdxDependencies, spdxRelationType, type SpdxRelation } from './spdx-relationships.ts';

/** SPDX 2 versions this module reads. */
export const SPDX2_VERSIONS = ['2.2', '2.3'] as const;

/** "SPDX-2.3" → "2.3", or a SbomParseError naming the supported versions. */
export function checkSpdx2Version(written: string | undefined, place: string): string {
  if (written === undefined) throw new SbomParseError('SPDX document without a version', place);
  const version = written.replace(/^SPDX-/i, '');
  if (!(SPDX2_VERSIONS as readonly string[]).includes(version)) {
    throw new SbomParseError(`SPDX ${version} is not supported (supported: SPDX ${SPDX2_VERSIONS.join(', ')} and 3.0)`, place);
  }
  return version;
}

/** Maps an SPDX 2 document in JSON shape. */
export function mapSpdx2(doc: JsonObject, encoding: 'json' | 'tag-value'): Sbom {
  const specVersion = checkSpdx2Version(optString(doc, 'spdxVersion', ''), 'spdxVersion');
  const warnings = new ParseWarnings();
  const packageList = optArray(doc, 'packages', '') ?? [];
  const packages = packageList.map((item, i) => asObject(item, placeOfItem('packages', i)));
  const reserved = new Set<string>();
  packages.forEach((p, i) => {
    const id = optString(p, 'SPDXID', placeOfItem('packages', i));
    if (id !== undefined) reserved.add(id);
  });
  const refs = new ComponentRefs(warnings, reserved);
  const all = packages.map((p, i) => readPackage(p, placeOfItem('packages', i), i + 1, refs, warnings));

  const relations: SpdxRelation[] = (optArray(doc, 'relationships', '') ?? []).map((item, i) => {
    const at = placeOfItem('relationships', i);
    const r = asObject(item, at);
    return {
      from: reqString(r, 'spdxElementId', at, 'relationship'),
      type: spdxRelationType(reqString(r, 'relationshipType', at, 'relationship')),
      to: reqString(r, 'relatedSpdxElement', at, 'relationship'),
    };
  });
  const documentRef = optString(doc, 'SPDXID', '') ?? 'SPDXRef-DOCUMENT';
  const packageIds = new Set(all.map((c) => c.ref));
  const described = describedPackages(new Set([documentRef]), optStringList(doc, 'documentDescribes', ''), relations, packageIds);
  const subjectRef = described.length === 1 ? described[0] : undefined;

  const creationInfo = optObject(doc, 'creationInfo', '');
  const creators = creationInfo ? optStringList(creationInfo, 'creators', 'creationInfo') : [];
  const sbom: Sbom = {
    source: { format: 'spdx', specVersion, encoding },
    authors: [...new Set(creators.flatMap((c) => spdxActorName(c) ?? []))],
    components: subjectRef === undefined ? all : all.filter((c) => c.ref !== subjectRef),
    dependencies: spdxDependencies(relations, packageIds),
    vulnerabilities: [],
    warnings: [],
  };
  const subject = subjectRef === undefined ? undefined : all.find((c) => c.ref === subjectRef);
  if (subject) sbom.subject = subject;
  const documentId = optString(doc, 'documentNamespace', '') ?? optString(doc, 'SPDXID', '');
  if (documentId !== undefined) sbom.documentId = documentId;
  const name = optString(doc, 'name', '') ?? subject?.name;
  if (name !== undefined) sbom.name = name;
  const created = creationInfo ? optString(creationInfo, 'created', 'creationInfo') : undefined;
  if (created !== undefined) sbom.timestamp = created;
  sbom.warnings = warnings.list();
  return sbom;
}

function readPackage(p: JsonObject, at: string, position: number, refs: ComponentRefs, warnings: ParseWarnings): SbomComponent {
  const name = reqString(p, 'name', at, 'package');
  const id = optString(p, 'SPDXID', at);
  if (id === undefined) warnings.add(`${at}: package "${name}" has no SPDXID`);
  const component: SbomComponent = { ref: refs.assign(id, position, () => at), name, hashes: [], licenses: [] };
  const version = optString(p, 'versionInfo', at);
  if (version !== undefined && !isSpdxNoValue(version)) component.version = version;
  const supplier = spdxActorName(optString(p, 'supplier', at));
  if (supplier !== undefined) component.supplier = supplier;
  const author = spdxActorName(optString(p, 'originator', at));
  if (author !== undefined) component.author = author;
  const purpose = optString(p, 'primaryPackagePurpose', at);
  if (purpose !== undefined) component.type = purpose.toLowerCase().replace(/_/g, '-');
  optArray(p, 'checksums', at)?.forEach((item, i) => {
    const itemAt = placeOfItem(placeOfKey(at, 'checksums'), i);
    const checksum = asObject(item, itemAt);
    const alg = optString(checksum, 'algorithm', itemAt);
    const value = optString(checksum, 'checksumValue', itemAt);
    if (alg !== undefined && value !== undefined) addHash(component.hashes, makeHash(alg, value));
  });
  addLicense(component.licenses, optString(p, 'licenseDeclared', at));
  addLicense(component.licenses, optString(p, 'licenseConcluded', at));
  let cpe22: string | undefined;
  optArray(p, 'externalRefs', at)?.forEach((item, i) => {
    const itemAt = placeOfItem(placeOfKey(at, 'externalRefs'), i);
    const ref = asObject(item, itemAt);
    const type = optString(ref, 'referenceType', itemAt)?.replace(/^.*[/#]/, '');
    const locator = optString(ref, 'referenceLocator', itemAt);
    if (locator === undefined) return;
    if (type === 'purl') component.purl ??= locator;
    else if (type === 'cpe23Type') component.cpe ??= locator;
    else if (type === 'cpe22Type') cpe22 ??= locator;
  });
  if (component.cpe === undefined && cpe22 !== undefined) component.cpe = cpe22;
  return component;
}
