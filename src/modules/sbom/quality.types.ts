/** The NTIA minimum-elements report of one SBOM (NTIA, "The Minimum Elements For a Software Bill of Materials", 2021). */

/** The minimum elements checked per component. "uniqueIdentifier" is a purl, a CPE or at least one hash. */
export type ComponentElement = 'supplier' | 'name' | 'version' | 'uniqueIdentifier';

/** How many components have an element. */
export interface ElementCoverage {
  present: number;
  missing: number;
  /** present / total × 100, one decimal; 100 when there are no components. */
  percent: number;
}

/** One document-level check. */
export interface DocumentCheck {
  ok: boolean;
  /** What was found, in a sentence. */
  detail: string;
}

/** A component lacking one or more minimum elements. */
export interface ComponentGap {
  ref: string;
  name: string;
  missing: ComponentElement[];
}

/** Overall verdict: every element everywhere; something missing; most of it missing. */
export type QualityVerdict = 'meets-minimum-elements' | 'partial' | 'insufficient';

/** The report assessQuality returns. */
export interface SbomQuality {
  verdict: QualityVerdict;
  /** One or two sentences for people. */
  summary: string;
  document: {
    /** Author of the SBOM data (people, organisations or tools). */
    author: DocumentCheck;
    /** Timestamp present and a valid ISO 8601 date-time. */
    timestamp: DocumentCheck;
    /** Dependency relationships stated, at least for the subject (or, without a subject, somewhere). */
    dependencies: DocumentCheck;
  };
  /** Number of components (the subject is not counted; it is reported in `subject`). */
  componentCount: number;
  elements: Record<ComponentElement, ElementCoverage>;
  /** Components with each kind of identifier (one component may have several), and with none. */
  identifiers: { purl: number; cpe: number; hash: number; none: number };
  /** Components with every minimum element. */
  complete: ElementCoverage;
  /** Components that state their own dependencies (an entry in the dependency list, possibly empty). */
  dependencyEntries: ElementCoverage;
  /** The described product's own gaps (missing is empty when complete); absent when the SBOM names no subject. */
  subject?: ComponentGap;
  /** Every component missing something, in document order. */
  incomplete: ComponentGap[];
}
