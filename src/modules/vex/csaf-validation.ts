/**
 * CSAF 2.0 validation with the BSI validator (@secvisogram/csaf-validator-lib): the strict JSON schema and every
 * mandatory test (section 6.1). The library takes seconds to load, so it is imported on first use and kept.
 */
import type { CsafResult, DocumentTest } from '@secvisogram/csaf-validator-lib/validateStrict.js';

let loading: Promise<{ validate: (tests: DocumentTest[], doc: unknown) => Promise<CsafResult>; tests: DocumentTest[] }> | null = null;

async function load() {
  const [strict, mandatory, schema] = await Promise.all([
    import('@secvisogram/csaf-validator-lib/validateStrict.js'),
    import('@secvisogram/csaf-validator-lib/mandatoryTests.js'),
    import('@secvisogram/csaf-validator-lib/schemaTests.js'),
  ]);
  const tests = Object.values(mandatory as Record<string, unknown>).filter((t): t is DocumentTest => typeof t === 'function');
  return { validate: strict.default, tests: [(schema as { csaf_2_0_strict: DocumentTest }).csaf_2_0_strict, ...tests] };
}

/** What the validator found: each error with its test (csaf_2_0_strict, mandatoryTest_6_1_27_9…) and JSON pointer. */
export interface CsafValidation {
  isValid: boolean;
  tests: number;
  errors: { test: string; instancePath: string; message: string }[];
}

/** Runs the CSAF 2.0 strict schema and the mandatory tests on a document. */
export async function validateCsaf(doc: unknown): Promise<CsafValidation> {
  loading ??= load();
  const { validate, tests } = await loading;
  const result = await validate(tests, doc);
  return {
    isValid: result.isValid,
    tests: result.tests.length,
    errors: result.tests.flatMap((t) => t.errors.map((e) => ({ test: t.name, instancePath: e.instancePath, message: e.message }))),
  };
}
