/** CycloneDX VEX (JSON or XML, or an SBOM with embedded VEX) → statements, through the SBOM parser's vulnerabilities. */
import { vexJustifications, vexResponses, vexStates } from '../../shared/api/portfolio.ts';
import type { Sbom, SbomComponent, SbomVulnerability } from '../sbom/index.ts';
import type { CdxJustification, CdxResponse, CdxState } from './vex-mapping.ts';
import {
  type Named,
  type ImportedVex,
  type VexStatement,
  type VexTarget,
  VexParseError,
  checkNotAffected,
  labelOf,
} from './vex-statement.ts';

const BOM_LINK = /^urn:cdx:([0-9a-f-]{36})\/(\d+)#(.+)$/i;

function namedOf(c: SbomComponent): Named {
  const n: Named = { label: '', name: c.name };
  if (c.purl) n.purl = c.purl;
  if (c.cpe) n.cpe = c.cpe;
  if (c.version) n.version = c.version;
  n.label = labelOf(n);
  return n;
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** Resolves the affects refs of a document: its own components, its subject, purls used as refs, BOM-Links. */
class RefResolver {
  private readonly components = new Map<string, SbomComponent>();
  private readonly serial: string | undefined;
  constructor(private readonly sbom: Sbom) {
    for (const c of sbom.components) this.components.set(c.ref, c);
    this.serial = sbom.documentId?.toLowerCase().replace(/^urn:uuid:/, '');
  }

  /** The product the document is about (metadata.component), if it names one. */
  get subject(): Named | undefined {
    return this.sbom.subject ? namedOf(this.sbom.subject) : undefined;
  }

  target(ref: string, versions: { version?: string; range?: string }[]): VexTarget {
    const subject = this.subject;
    const withVersions = (n: Named): Named => (versions.length > 0 ? { ...n, versions } : n);
    const local = (r: string): VexTarget | undefined => {
      if (this.sbom.subject && r === this.sbom.subject.ref) return { product: withVersions(subject!) };
      const c = this.components.get(r);
      if (c) return { ...(subject ? { product: subject } : {}), component: withVersions(namedOf(c)) };
      if (r.startsWith('pkg:'))
        return { ...(subject ? { product: subject } : {}), component: withVersions({ label: labelOf({ purl: r }), purl: r }) };
      return undefined;
    };
    const link = BOM_LINK.exec(ref);
    if (link) {
      const fragment = decodeFragment(link[3]!);
      if (link[1]!.toLowerCase() === this.serial)
        return local(fragment) ?? { component: withVersions({ label: ref, sbomRef: { ref: fragment } }) };
      if (fragment.startsWith('pkg:')) return { component: withVersions({ label: labelOf({ purl: fragment }), purl: fragment }) };
      return { component: withVersions({ label: ref, sbomRef: { serial: link[1]!.toLowerCase(), ref: fragment } }) };
    }
    return local(ref) ?? { ...(subject ? { product: subject } : {}), component: withVersions({ label: ref, sbomRef: { ref } }) };
  }
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined, place: string, what: string): T | undefined {
  if (value === undefined) return undefined;
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new VexParseError(`unknown ${what} "${value.slice(0, 60)}" (expected one of ${values.join(', ')})`, place);
}

function statementOf(v: SbomVulnerability, i: number, refs: RefResolver): VexStatement {
  const place = `vulnerabilities[${i}]`;
  const state = oneOf<CdxState>(vexStates, v.state, `${place}.analysis.state`, 'analysis state');
  const justification = oneOf<CdxJustification>(vexJustifications, v.justification, `${place}.analysis.justification`, 'justification');
  const responses = v.responses.map((r, k) => oneOf<CdxResponse>(vexResponses, r, `${place}.analysis.response[${k}]`, 'response')!);
  const targets = v.affects.map((ref) =>
    refs.target(
      ref,
      (v.affectedVersions ?? []).filter((a) => a.ref === ref),
    ),
  );
  if (targets.length === 0 && refs.subject) targets.push({ product: refs.subject });
  const statement: VexStatement = {
    place,
    vulnerability: v.id,
    ids: [v.id, ...(v.aliases ?? [])],
    state: state ?? null,
    justification: state === 'not_affected' ? (justification ?? null) : null,
    responses: [...new Set(responses)],
    detail: v.detail ?? null,
    targets,
  };
  if (!state) return { ...statement, unsupported: 'no analysis.state: the statement makes no VEX decision' };
  if (targets.length === 0) throw new VexParseError('the vulnerability affects nothing (no affects and no metadata.component)', place);
  return checkNotAffected(statement);
}

/** The statements of a parsed CycloneDX document (one per vulnerability entry). */
export function readCycloneDxVex(sbom: Sbom): ImportedVex {
  const refs = new RefResolver(sbom);
  return {
    format: 'cyclonedx',
    documentId: sbom.documentId ?? null,
    statements: sbom.vulnerabilities.map((v, i) => statementOf(v, i, refs)),
  };
}
