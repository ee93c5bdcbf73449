/** The format-independent model of an imported VEX document: statements about vulnerabilities of named things. */
import { PlacedError } from '../../shared/placed-error.ts';
import { parsePurl } from '../identity/index.ts';
import type { CdxJustification, CdxResponse, CdxState } from './vex-mapping.ts';

/** A VEX document that cannot be read, with where ("statements[3].status", "line 4"). */
export class VexParseError extends PlacedError {}

/** Something a statement names: a product or a component, by whatever identifiers the document gives. */
export interface Named {
  /** How the document names it, for the import report. */
  label: string;
  purl?: string;
  cpe?: string;
  name?: string;
  version?: string;
  /** Versions or vers ranges the statement covers (CycloneDX affects[].versions). */
  versions?: { version?: string; range?: string }[];
  /** A bom-ref the document does not define: a ref of an SBOM (the BOM-Link's serial number, when it is one). */
  sbomRef?: { serial?: string; ref: string };
}

/** What one statement is about: a component of a product, a component alone, or a product as a whole. */
export interface VexTarget {
  /** The product the statement names (OpenVEX product, CSAF relationship target, CycloneDX metadata.component). */
  product?: Named;
  /** The component inside it; absent: the statement is about the product (or a package named as the product). */
  component?: Named;
}

/** One statement: a vulnerability, a state for the targets, and the words that go with it. */
export interface VexStatement {
  place: string;
  /** The id the statement is filed under, and every alias it gives. */
  vulnerability: string;
  ids: string[];
  /** The finding state the statement stands for; null with `unsupported` saying why it cannot be recorded. */
  state: CdxState | null;
  unsupported?: string;
  justification: CdxJustification | null;
  responses: CdxResponse[];
  /** The statement's own words (impact statement, analysis detail, action statement), if any. */
  detail: string | null;
  targets: VexTarget[];
}

/** The formats read. */
export type ImportedVexFormat = 'cyclonedx' | 'openvex' | 'csaf';

/** A read VEX document. */
export interface ImportedVex {
  format: ImportedVexFormat;
  documentId: string | null;
  statements: VexStatement[];
}

/** How a format is named in details and reports. */
export const formatLabel: Record<ImportedVexFormat, string> = { cyclonedx: 'CycloneDX', openvex: 'OpenVEX', csaf: 'CSAF' };

/** The statement's state, or why a not_affected without a justification or an impact statement cannot be recorded. */
export function checkNotAffected(s: VexStatement): VexStatement {
  if (s.state === 'not_affected' && s.justification === null && !s.detail) {
    return {
      ...s,
      state: null,
      unsupported:
        'not_affected without a justification or an impact statement (CISA minimum requirements): decide it in the finding panel',
    };
  }
  return s;
}

/** A label people read: name and version, else the purl's (namespace/)name and version, else the purl, CPE or ref as written. */
export function labelOf(n: Omit<Named, 'label'>): string {
  if (n.name) return `${n.name}${n.version ? ` ${n.version}` : ''}`;
  if (n.purl) {
    try {
      const p = parsePurl(n.purl);
      return `${p.namespace ? `${p.namespace}/` : ''}${p.name}${p.version ? ` ${p.version}` : ''}`;
    } catch {
      return n.purl;
    }
  }
  return n.cpe ?? n.sbomRef?.ref ?? '(unnamed)';
}
