/** Advisories: CSAF 2.0 documents imported from other publishers, read through the policy, matched to products by name. */
export { advisoryRoutes } from './advisories.routes.ts';
export { type AdvisoryImportResult, type ImportOutcome, assertMayImport, importAdvisory } from './advisory-import.ts';
export { matchProductVersion } from './advisory-matching.ts';
