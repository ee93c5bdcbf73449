// Types of the parts of @secvisogram/csaf-validator-lib (plain JavaScript, no declarations) this project calls.
declare module '@secvisogram/csaf-validator-lib/validateStrict.js' {
  /** A test of the library: a function named after its section (csaf_2_0_strict, mandatoryTest_6_1_1…). */
  export type DocumentTest = (doc: unknown) => unknown;
  /** One message of a test run. */
  export interface CsafMessage {
    message: string;
    instancePath: string;
  }
  /** The outcome of one test. */
  export interface CsafTestResult {
    name: string;
    isValid: boolean;
    errors: CsafMessage[];
    warnings: CsafMessage[];
    infos: CsafMessage[];
  }
  /** The outcome of running tests on a document. */
  export interface CsafResult {
    isValid: boolean;
    tests: CsafTestResult[];
  }
  /** Runs the library's own tests (and refuses any other function). */
  export default function validateStrict(tests: DocumentTest[], doc: unknown): Promise<CsafResult>;
}
// Modules of named test functions (mandatoryTest_6_1_1…, csaf_2_0_strict): read as a namespace of functions.
declare module '@secvisogram/csaf-validator-lib/mandatoryTests.js';
declare module '@secvisogram/csaf-validator-lib/schemaTests.js';
declare module '@secvisogram/csaf-validator-lib/optionalTests.js';
declare module '@secvisogram/csaf-validator-lib/cwe.js' {
  /** The CWE catalogue the validator checks CWE ids and names against. */
  export const weaknesses: { id: string; name: string }[];
}
