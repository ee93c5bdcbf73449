import { PlacedError } from '../../shared/placed-error.ts';

/** The format-independent shape every SBOM parser produces (CycloneDX JSON/XML, SPDX 2.x JSON/tag-value, SPDX 3.0). */

/** Which format and encoding a document came in. */
export interface SbomSource {
  format: 'cyclonedx' | 'spdx';
  /** "1.4" for CycloneDX, "2.3" / "3.0" for SPDX. */
  specVersion: string;
  encoding: 'json' | 'xml' | 'tag-value' | 'json-ld';
}

/** One hash of a component. Algorithms are upper-case with a dash: "SHA-256", "SHA-1", "MD5". */
export interface ComponentHash {
  alg: string;
  value: string;
}

/** One component (CycloneDX component, SPDX package). Strings are trimmed; absent means not stated. */
export interface SbomComponent {
  /** Unique within the document: bom-ref, SPDXID or spdxId; generated ("component-<n>") when absent. */
  ref: string;
  name: string;
  version?: string;
  /** CycloneDX group (Maven groupId, npm scope); undefined for SPDX. */
  group?: string;
  /** The purl as written in the document (not validated here; matching validates and reports). */
  purl?: string;
  /** CPE 2.3 formatted string or CPE 2.2 URI as written. */
  cpe?: string;
  /** Supplier organisation name (CycloneDX supplier.name, SPDX PackageSupplier without the "Organization: " prefix). */
  supplier?: string;
  /** Author or originator (CycloneDX author / authors, SPDX PackageOriginator). */
  author?: string;
  /** CycloneDX type (library, firmware, operating-system, …) or SPDX primaryPackagePurpose, lower-case. */
  type?: string;
  hashes: ComponentHash[];
  /** SPDX license expressions or ids. */
  licenses: string[];
  /** The ref of the component this one is nested in (CycloneDX nested components). */
  parentRef?: string;
}

/** An edge list of the dependency graph: ref depends on each of dependsOn. */
export interface SbomDependency {
  ref: string;
  dependsOn: string[];
}

/** A vulnerability stated inside the SBOM (CycloneDX vulnerabilities, i.e. embedded VEX). */
export interface SbomVulnerability {
  id: string;
  /** CycloneDX analysis.state: resolved, resolved_with_pedigree, exploitable, in_triage, false_positive, not_affected. */
  state?: string;
  justification?: string;
  responses: string[];
  detail?: string;
  /** Refs (bom-ref) of the affected components, as written (may be a BOM-Link urn:cdx:…#ref). */
  affects: string[];
  /** Other ids of the vulnerability (CycloneDX references[].id, e.g. the GHSA of a CVE); absent when none. */
  aliases?: string[];
  /** The versions an affects entry names (CycloneDX affects[].versions); absent when no entry names any. */
  affectedVersions?: AffectedVersion[];
}

/** One version or vers range of an affected ref, with its status (affected, unaffected, unknown) as written. */
export interface AffectedVersion {
  ref: string;
  version?: string;
  range?: string;
  status?: string;
}

/** A parsed SBOM. */
export interface Sbom {
  source: SbomSource;
  /** CycloneDX serialNumber or SPDX documentNamespace / spdxId. */
  documentId?: string;
  /** Name of the document or of the described product (metadata.component / documentDescribes). */
  name?: string;
  /** The described product itself (CycloneDX metadata.component; the SPDX package the document DESCRIBES). Not in components. */
  subject?: SbomComponent;
  /** People, organisations and tools that created the SBOM data (NTIA "author"). */
  authors: string[];
  /** Creation timestamp as written (ISO 8601). */
  timestamp?: string;
  components: SbomComponent[];
  dependencies: SbomDependency[];
  vulnerabilities: SbomVulnerability[];
  /** Things a person should know that did not stop the parse (e.g. a duplicated bom-ref renamed). */
  warnings: string[];
}

/** An SBOM that cannot be read; `place` names where (a JSON path like "components[3].version" or "line 42"). */
export class SbomParseError extends PlacedError {}
