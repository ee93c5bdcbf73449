/**
 * fast-xml-parser's tree of a CycloneDX XML document → the JSON shape of the same document, so that one mapping
 * serves both encodings (and JSON/XML equivalence holds by construction). Only the fields the model reads are carried.
 * Recursion over nested elements is bounded by scanXml's nesting limit.
 */
import { isJsonObject, type JsonObject } from './json-fields.ts';

type XmlNode = Record<string, unknown>;

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the predefined XML entities and character references (the parser runs with entity processing off). */
export function decodeXmlEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(ENTITY, (whole, body: string) => {
    if (body[0] !== '#') return NAMED[body] ?? whole;
    const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

function nodes(value: unknown): XmlNode[] {
  return list(value).filter(isJsonObject);
}

function node(value: unknown): XmlNode | undefined {
  return nodes(value)[0];
}

/** Text content: entity-decoded character data plus CDATA as written. */
function text(value: unknown): string | undefined {
  const first = list(value)[0];
  let out: string | undefined;
  if (typeof first === 'string') out = decodeXmlEntities(first);
  else if (isJsonObject(first)) {
    const plain = typeof first['#text'] === 'string' ? decodeXmlEntities(first['#text']) : '';
    const cdata = list(first['#cdata']).filter((part): part is string => typeof part === 'string');
    out = plain + cdata.join('');
  }
  const trimmed = out?.trim();
  return trimmed === '' ? undefined : trimmed;
}

function attr(n: XmlNode, name: string): string | undefined {
  const value = n[`@${name}`];
  return typeof value === 'string' ? decodeXmlEntities(value).trim() || undefined : undefined;
}

function childTexts(container: unknown, name: string): string[] {
  return nodes(container).flatMap((c) => list(c[name]).flatMap((item) => text(item) ?? []));
}

function contacts(container: unknown, name: string): JsonObject[] {
  return nodes(container).flatMap((c) => nodes(c[name]).map((a) => ({ name: text(a['name']), email: text(a['email']) })));
}

function organization(value: unknown): JsonObject | undefined {
  const n = node(value);
  return n ? { name: text(n['name']) } : undefined;
}

function component(n: XmlNode): JsonObject {
  const licenses = node(n['licenses']);
  return {
    'bom-ref': attr(n, 'bom-ref'),
    type: attr(n, 'type'),
    group: text(n['group']),
    name: text(n['name']),
    version: text(n['version']),
    purl: text(n['purl']),
    cpe: text(n['cpe']),
    supplier: organization(n['supplier']),
    manufacturer: organization(n['manufacturer']),
    author: text(n['author']),
    authors: contacts(n['authors'], 'author'),
    hashes: nodes(n['hashes']).flatMap((h) => nodes(h['hash']).map((hash) => ({ alg: attr(hash, 'alg'), content: text(hash) }))),
    licenses: licenses
      ? [
          ...nodes(licenses['license']).map((l) => ({ license: { id: text(l['id']), name: text(l['name']) } })),
          ...list(licenses['expression']).map((e) => ({ expression: text(e) })),
        ]
      : [],
    components: nodes(n['components']).flatMap((c) => nodes(c['component']).map(component)),
  };
}

function tools(value: unknown): unknown {
  const n = node(value);
  if (!n) return undefined;
  if (n['tool'] !== undefined) {
    return nodes(n['tool']).map((t) => ({ vendor: text(t['vendor']), name: text(t['name']), version: text(t['version']) }));
  }
  const named = (t: XmlNode): JsonObject => ({
    group: text(t['group']),
    name: text(t['name']),
    version: text(t['version']),
    provider: organization(t['provider']),
    manufacturer: organization(t['manufacturer']),
  });
  return {
    components: nodes(n['components']).flatMap((c) => nodes(c['component']).map(named)),
    services: nodes(n['services']).flatMap((s) => nodes(s['service']).map(named)),
  };
}

function services(value: unknown): JsonObject[] {
  return nodes(value).flatMap((s) =>
    nodes(s['service']).map((svc) => ({ 'bom-ref': attr(svc, 'bom-ref'), services: services(svc['services']) })),
  );
}

function vulnerability(v: XmlNode): JsonObject {
  const analysis = node(v['analysis']);
  return {
    'bom-ref': attr(v, 'bom-ref'),
    id: text(v['id']),
    analysis: analysis && {
      state: text(analysis['state']),
      justification: text(analysis['justification']),
      response: childTexts(analysis['responses'], 'response'),
      detail: text(analysis['detail']),
    },
    references: nodes(v['references']).flatMap((r) => nodes(r['reference']).map((ref) => ({ id: text(ref['id']) }))),
    affects: nodes(v['affects']).flatMap((a) =>
      nodes(a['target']).map((t) => ({
        ref: text(t['ref']),
        versions: nodes(t['versions']).flatMap((vs) =>
          nodes(vs['version']).map((x) => ({ version: text(x['version']), range: text(x['range']), status: text(x['status']) })),
        ),
      })),
    ),
  };
}

/** The JSON shape of a parsed `<bom>` element. */
export function cycloneDxXmlToJsonShape(bom: XmlNode): JsonObject {
  const metadata = node(bom['metadata']);
  const subject = metadata ? node(metadata['component']) : undefined;
  return {
    serialNumber: attr(bom, 'serialNumber'),
    metadata: metadata && {
      timestamp: text(metadata['timestamp']),
      authors: contacts(metadata['authors'], 'author'),
      tools: tools(metadata['tools']),
      component: subject && component(subject),
      supplier: organization(metadata['supplier']),
      manufacturer: organization(metadata['manufacturer']),
      manufacture: organization(metadata['manufacture']),
    },
    components: nodes(bom['components']).flatMap((c) => nodes(c['component']).map(component)),
    services: services(bom['services']),
    dependencies: nodes(bom['dependencies']).flatMap((d) =>
      nodes(d['dependency']).map((dep) => ({
        ref: attr(dep, 'ref'),
        dependsOn: nodes(dep['dependency']).flatMap((inner) => attr(inner, 'ref') ?? []),
      })),
    ),
    vulnerabilities: nodes(bom['vulnerabilities']).flatMap((v) => nodes(v['vulnerability']).map(vulnerability)),
  };
}
