/** VEX: the manufacturer's statements exported as CycloneDX, OpenVEX and CSAF, and imported from them. */
export { vexRoutes } from './vex.routes.ts';
export { exportVex, type VexExport } from './vex-export.service.ts';
export { importVex } from './vex-import.service.ts';
export { readVex, MAX_VEX_BYTES } from './read-vex.ts';
export { validateCsaf } from '../csaf/csaf-validation.ts';
