/** SBOM module: parse CycloneDX and SPDX into one model, and assess it against the NTIA minimum elements. */
export { parseSbom, type ParseSbomOptions } from './parse-sbom.ts';
export { assessQuality, isIsoDateTime, missingElements } from './quality.ts';
export type { ComponentElement, ComponentGap, DocumentCheck, ElementCoverage, QualityVerdict, SbomQuality } from './quality.types.ts';
export { SbomParseError } from './sbom.types.ts';
export type { AffectedVersion, ComponentHash, Sbom, SbomComponent, SbomDependency, SbomSource, SbomVulnerability } from './sbom.types.ts';
export { CYCLONEDX_VERSIONS } from './cyclonedx-model.ts';
export { SPDX2_VERSIONS } from './spdx2-model.ts';
export { SPDX3_VERSIONS } from './spdx3-jsonld.ts';
export { DEFAULT_MAX_BYTES } from './sbom-input.ts';
