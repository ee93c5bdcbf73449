export { VulnDb, type AddOutcome, type VulnIdentity } from './vuln-db.ts';
export { loadVulnFiles, type LoadReport, type LoadOptions } from './load-vuln-files.ts';
export { osvToRecord } from './osv-record.ts';
export { cveToRecord, isCveRecord } from './cve5-record.ts';
export { parseKev, type KevCatalog, type KevEntry } from './kev.ts';
export { parseEpss, type EpssTable, type EpssScore } from './epss.ts';
export { cvssBaseScore, severityRank, summariseSeverity, levelOfScore, type SeverityLevel, type SeveritySummary } from './severity.ts';
export * from './vuln-record.ts';
export { isNvdDocument, nvdToRecords } from './nvd-record.ts';
