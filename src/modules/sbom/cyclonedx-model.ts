/** A CycloneDX document in JSON shape (JSON as parsed, XML as converted) → Sbom. */
import { ParseWarnings } from './component-refs.ts';
import { contactNames, organizationName, readCycloneDxComponents } from './cyclonedx-components.ts';
import {
  asObject,
  isJsonObject,
  optArray,
  optObject,
  optString,
  optStringList,
  placeOfItem,
  reqString,
  type JsonObject,
} from './json-fields.ts';
import { DependencyGraph } from './dependency-graph.ts';
import { SbomParseError, type AffectedVersion, type Sbom, type SbomVulnerability } from './sbom.types.ts';

/** CycloneDX versions this module reads. */
export const CYCLONEDX_VERSIONS = ['1.2', '1.3', '1.4', '1.5', '1.6'] as const;

/** Throws unless the version is one of CYCLONEDX_VERSIONS. */
export function checkCycloneDxVersion(version: string | undefined, place: string): string {
  if (version === undefined) throw new SbomParseError('CycloneDX document without a specVersion', place);
  if (!(CYCLONEDX_VERSIONS as readonly string[]).includes(version)) {
    throw new SbomParseError(`CycloneDX ${version} is not supported (supported: ${CYCLONEDX_VERSIONS.join(', ')})`, place);
  }
  return version;
}

/** Maps a CycloneDX document whose version is already checked. */
export function mapCycloneDx(doc: JsonObject, specVersion: string, encoding: 'json' | 'xml'): Sbom {
  const warnings = new ParseWarnings();
  const metadata = optObject(doc, 'metadata', '');
  const subjectObj = metadata ? optObject(metadata, 'component', 'metadata') : undefined;
  const { subject, components, refs } = readCycloneDxComponents(subjectObj, optArray(doc, 'components', ''), warnings);
  if (subject && subject.supplier === undefined && metadata) {
    const supplier =
      organizationName(metadata, 'supplier', 'metadata') ??
      organizationName(metadata, 'manufacturer', 'metadata') ??
      organizationName(metadata, 'manufacture', 'metadata');
    if (supplier !== undefined) subject.supplier = supplier;
  }

  const graph = new DependencyGraph();
  const dependencies = optArray(doc, 'dependencies', '') ?? [];
  const cursor = { index: 0 };
  const at = (): string => placeOfItem('dependencies', cursor.index);
  for (; cursor.index < dependencies.length; cursor.index++) {
    const dependency = asObject(dependencies[cursor.index], at);
    const { ref, dependsOn } = dependency;
    const refText = typeof ref === 'string' && ref.trim() !== '' ? ref.trim() : reqString(dependency, 'ref', at, 'dependency');
    graph.add(refText, Array.isArray(dependsOn) && dependsOn.every(isPlainRef) ? dependsOn : optStringList(dependency, 'dependsOn', at));
  }
  const services = serviceRefs(doc);
  const unknown = graph.refsOutside((ref) => refs.has(ref) || services.has(ref));
  if (unknown.length > 0) {
    const examples = unknown.slice(0, 3).map((r) => `"${r}"`);
    warnings.add(`dependencies name ${unknown.length} ref(s) that no component or service has, e.g. ${examples.join(', ')}`);
  }

  const sbom: Sbom = {
    source: { format: 'cyclonedx', specVersion, encoding },
    authors: metadata ? documentAuthors(metadata) : [],
    components,
    dependencies: graph.list(),
    vulnerabilities: readVulnerabilities(optArray(doc, 'vulnerabilities', ''), warnings),
    warnings: [],
  };
  const serial = optString(doc, 'serialNumber', '');
  if (serial !== undefined) sbom.documentId = serial;
  if (subject) {
    sbom.subject = subject;
    sbom.name = subject.name;
  }
  const timestamp = metadata ? optString(metadata, 'timestamp', 'metadata') : undefined;
  if (timestamp !== undefined) sbom.timestamp = timestamp;
  sbom.warnings = warnings.list();
  return sbom;
}

/** A dependsOn entry that needs no conversion: a non-empty string without surrounding blanks. */
function isPlainRef(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value.trim() === value;
}

/** metadata.authors, then the tools: old form `[{vendor, name, version}]`, 1.5+ form `{components, services}`. */
function documentAuthors(metadata: JsonObject): string[] {
  const authors = contactNames(optArray(metadata, 'authors', 'metadata'), 'metadata.authors');
  const tools = metadata['tools'];
  if (Array.isArray(tools)) {
    tools.forEach((tool, i) =>
      pushToolName(authors, asObject(tool, placeOfItem('metadata.tools', i)), 'vendor', placeOfItem('metadata.tools', i)),
    );
  } else if (isJsonObject(tools)) {
    for (const key of ['components', 'services']) {
      const at = `metadata.tools.${key}`;
      optArray(tools, key, 'metadata.tools')?.forEach((tool, i) =>
        pushToolName(authors, asObject(tool, placeOfItem(at, i)), 'group', placeOfItem(at, i)),
      );
    }
  } else if (tools !== undefined && tools !== null) {
    throw new SbomParseError('expected an array or an object', 'metadata.tools');
  }
  return [...new Set(authors)];
}

function pushToolName(authors: string[], tool: JsonObject, vendorKey: string, at: string): void {
  const vendor = optString(tool, vendorKey, at) ?? organizationName(tool, 'provider', at) ?? organizationName(tool, 'manufacturer', at);
  const name = optString(tool, 'name', at);
  if (name === undefined) return;
  const version = optString(tool, 'version', at);
  authors.push([vendor, name, version].filter((part) => part !== undefined).join(' '));
}

/** bom-refs of services (top level and nested), which dependencies may name besides components. */
function serviceRefs(doc: JsonObject): Set<string> {
  const into = new Set<string>();
  const pending: unknown[] = [...(optArray(doc, 'services', '') ?? [])];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (!isJsonObject(item)) continue;
    const ref = item['bom-ref'];
    if (typeof ref === 'string') into.add(ref.trim());
    if (Array.isArray(item['services'])) for (const child of item['services'] as unknown[]) pending.push(child);
  }
  return into;
}

function readVulnerabilities(list: unknown[] | undefined, warnings: ParseWarnings): SbomVulnerability[] {
  const out: SbomVulnerability[] = [];
  list?.forEach((item, i) => {
    const at = placeOfItem('vulnerabilities', i);
    const vuln = asObject(item, at);
    const id = optString(vuln, 'id', at) ?? optString(vuln, 'bom-ref', at);
    if (id === undefined) {
      warnings.add(`${at}: a vulnerability without an id is skipped`);
      return;
    }
    const analysis = optObject(vuln, 'analysis', at);
    const analysisAt = `${at}.analysis`;
    const versions: AffectedVersion[] = [];
    const result: SbomVulnerability = {
      id,
      responses: analysis ? optStringList(analysis, 'response', analysisAt) : [],
      affects: (optArray(vuln, 'affects', at) ?? []).flatMap((target, j) => {
        const targetAt = placeOfItem(`${at}.affects`, j);
        const ref = optString(asObject(target, targetAt), 'ref', targetAt);
        if (ref !== undefined) versions.push(...readAffectedVersions(target as JsonObject, ref, targetAt));
        return ref === undefined ? [] : [ref];
      }),
    };
    const aliases = (optArray(vuln, 'references', at) ?? []).flatMap((reference, j) => {
      const referenceAt = placeOfItem(`${at}.references`, j);
      return optString(asObject(reference, referenceAt), 'id', referenceAt) ?? [];
    });
    if (aliases.length > 0) result.aliases = aliases;
    if (versions.length > 0) result.affectedVersions = versions;
    const state = analysis ? optString(analysis, 'state', analysisAt) : undefined;
    if (state !== undefined) result.state = state;
    const justification = analysis ? optString(analysis, 'justification', analysisAt) : undefined;
    if (justification !== undefined) result.justification = justification;
    const detail = analysis ? optString(analysis, 'detail', analysisAt) : undefined;
    if (detail !== undefined) result.detail = detail;
    out.push(result);
  });
  return out;
}

/** affects[].versions: each entry a version or a vers range, with its status. */
function readAffectedVersions(target: JsonObject, ref: string, at: string): AffectedVersion[] {
  return (optArray(target, 'versions', at) ?? []).flatMap((item, k) => {
    const itemAt = placeOfItem(`${at}.versions`, k);
    const entry = asObject(item, itemAt);
    const out: AffectedVersion = { ref };
    const version = optString(entry, 'version', itemAt);
    const range = optString(entry, 'range', itemAt);
    const status = optString(entry, 'status', itemAt);
    if (version !== undefined) out.version = version;
    if (range !== undefined) out.range = range;
    if (status !== undefined) out.status = status;
    return version === undefined && range === undefined ? [] : [out];
  });
}
