/** CSAF 2.0: reading, validating and naming documents (used by advisories and VEX). */
export * from './csaf-document.ts';
export * from './csaf-file.ts';
export { type CsafMessage, type CsafValidation, failingTests, preloadCsafValidator, validateCsaf } from './csaf-validation.ts';
