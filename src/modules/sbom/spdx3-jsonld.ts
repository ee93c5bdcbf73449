/** SPDX 3.0 JSON-LD (the @graph serialization) → Sbom. */
import { addHash, addLicense, makeHash } from './component-fields.ts';
import { ComponentRefs, ParseWarnings } from './component-refs.ts';
import { asObject, optArray, optString, placeOfItem, reqString, type JsonObject } from './json-fields.ts';
import { SbomParseError, type Sbom, type SbomComponent } from './sbom.types.ts';
import { describedPackages, spdxDependencies, spdxRelationType, type SpdxRelation } from './spdx-relationships.ts';
import { Spdx3Graph } from './spdx3-graph.ts';

/** SPDX 3 versions this module reads. */
export const SPDX3_VERSIONS = ['3.0'] as const;

/** The SPDX version named by an @context ("https://spdx.org/rdf/3.0.1/spdx-context.jsonld" → "3.0"), if any. */
export function spdx3ContextVersion(context: unknown): string | undefined {
  const texts = (Array.isArray(context) ? context : [context]).filter((c): c is string => typeof c === 'string');
  for (const text of texts) {
    const match = /spdx\.org\/rdf\/(\d+\.\d+)/.exec(text);
    if (match) return match[1];
  }
  return undefined;
}

/** Maps a parsed SPDX 3.0 JSON-LD document (the value of JSON.parse) to the normalized model. */
export function parseSpdx3JsonLd(value: unknown): Sbom {
  const doc = asObject(value, '(document)');
  const version = spdx3ContextVersion(doc['@context']);
  if (version === undefined) throw new SbomParseError('JSON-LD without an SPDX @context', '@context');
  if (!(SPDX3_VERSIONS as readonly string[]).includes(version)) {
    throw new SbomParseError(`SPDX ${version} is not supported (supported: SPDX 2.2, 2.3 and ${SPDX3_VERSIONS.join(', ')})`, '@context');
  }
  const list = optArray(doc, '@graph', '');
  if (!list) throw new SbomParseError('SPDX 3 JSON-LD without an @graph array', '@graph');
  const graph = new Spdx3Graph(list);
  const warnings = new ParseWarnings();

  const relations: SpdxRelation[] = [];
  for (const { obj, place } of graph.ofType('Relationship', 'LifecycleScopedRelationship')) {
    const from = reqString(obj, 'from', place, 'relationship');
    const type = spdxRelationType(reqString(obj, 'relationshipType', place, 'relationship'));
    for (const to of graph.refList(obj, 'to', place)) relations.push({ from, type, to });
  }

  const licenses = new Map<string, string[]>();
  for (const { from, type, to } of relations) {
    if (type !== 'HAS_DECLARED_LICENSE' && type !== 'HAS_CONCLUDED_LICENSE') continue;
    const text = graph.licenseText(to);
    if (text !== undefined) licenses.set(from, [...(licenses.get(from) ?? []), text]);
  }
  const packages = graph.ofType('software_Package');
  const refs = new ComponentRefs(warnings, new Set(packages.flatMap((p) => p.id ?? [])));
  const all = packages.map(({ obj, place, id }, i) => {
    const component = readPackage(
      obj,
      place,
      refs.assign(id, i + 1, () => place),
      graph,
    );
    for (const license of (id === undefined ? undefined : licenses.get(id)) ?? []) addLicense(component.licenses, license);
    return component;
  });

  const documentEntry = graph.ofType('SpdxDocument')[0];
  const documentIds = new Set<string>();
  const roots: string[] = [];
  const pending = documentEntry ? [documentEntry] : [];
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    if (entry.id === undefined || documentIds.has(entry.id)) continue;
    documentIds.add(entry.id);
    for (const root of graph.refList(entry.obj, 'rootElement', entry.place)) {
      const element = graph.get(root);
      if (element && (element.type === 'software_Sbom' || element.type === 'Bom')) pending.push(element);
      else roots.push(root);
    }
  }
  const packageIds = new Set(all.map((c) => c.ref));
  const described = describedPackages(documentIds, roots, relations, packageIds);
  const subjectRef = described.length === 1 ? described[0] : undefined;
  const subject = subjectRef === undefined ? undefined : all.find((c) => c.ref === subjectRef);

  const creation = graph.creationInfo(documentEntry);
  const sbom: Sbom = {
    source: { format: 'spdx', specVersion: version, encoding: 'json-ld' },
    authors: creation
      ? [
          ...new Set([
            ...graph.names(creation.obj, 'createdBy', creation.place),
            ...graph.names(creation.obj, 'createdUsing', creation.place),
          ]),
        ]
      : [],
    components: subject ? all.filter((c) => c !== subject) : all,
    dependencies: spdxDependencies(relations, packageIds),
    vulnerabilities: [],
    warnings: [],
  };
  if (subject) sbom.subject = subject;
  if (documentEntry?.id !== undefined) sbom.documentId = documentEntry.id;
  const name = (documentEntry ? optString(documentEntry.obj, 'name', documentEntry.place) : undefined) ?? subject?.name;
  if (name !== undefined) sbom.name = name;
  const created = creation ? optString(creation.obj, 'created', creation.place) : undefined;
  if (created !== undefined) sbom.timestamp = created;
  sbom.warnings = warnings.list();
  return sbom;
}

function readPackage(obj: JsonObject, at: string, ref: string, graph: Spdx3Graph): SbomComponent {
  const component: SbomComponent = { ref, name: reqString(obj, 'name', at, 'package'), hashes: [], licenses: [] };
  const version = optString(obj, 'software_packageVersion', at);
  if (version !== undefined) component.version = version;
  const identifiers = new Map<string, string>();
  optArray(obj, 'externalIdentifier', at)?.forEach((item, i) => {
    const itemAt = placeOfItem(`${at}.externalIdentifier`, i);
    const identifier = asObject(item, itemAt);
    const type = optString(identifier, 'externalIdentifierType', itemAt);
    const text = optString(identifier, 'identifier', itemAt);
    if (type !== undefined && text !== undefined && !identifiers.has(type)) identifiers.set(type, text);
  });
  const purl = optString(obj, 'software_packageUrl', at) ?? identifiers.get('packageUrl');
  if (purl !== undefined) component.purl = purl;
  const cpe = identifiers.get('cpe23') ?? identifiers.get('cpe22');
  if (cpe !== undefined) component.cpe = cpe;
  const supplier = graph.names(obj, 'suppliedBy', at)[0];
  if (supplier !== undefined) component.supplier = supplier;
  const authors = graph.names(obj, 'originatedBy', at);
  if (authors.length > 0) component.author = authors.join(', ');
  const purpose = optString(obj, 'software_primaryPurpose', at);
  if (purpose !== undefined) component.type = purpose.toLowerCase();
  optArray(obj, 'verifiedUsing', at)?.forEach((item, i) => {
    const itemAt = placeOfItem(`${at}.verifiedUsing`, i);
    const hash = asObject(item, itemAt);
    const alg = optString(hash, 'algorithm', itemAt);
    const hashValue = optString(hash, 'hashValue', itemAt);
    if (alg !== undefined && hashValue !== undefined) addHash(component.hashes, makeHash(alg, hashValue));
  });
  return component;
}
