/** The manufacturer's portfolio: products, versions, SBOMs, findings with VEX, and the stored vulnerability data. */
export { portfolioRoutes } from './portfolio.routes.ts';
export { importVulnData, type ImportResult } from './vulndb-store.ts';
export { vulnDbStatus } from './vulndb-status.service.ts';
export { uploadSbom, MAX_SBOM_BYTES } from './sbom-upload.service.ts';
