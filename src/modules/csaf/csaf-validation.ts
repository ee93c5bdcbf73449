/**
 * CSAF 2.0 validation with the BSI validator (@secvisogram/csaf-validator-lib): the strict JSON schema, every
 * mandatory test (section 6.1) and, on request, the optional tests (6.2, reported as warnings). The library takes
 * seconds to load, so it is imported on first use (or by preloadCsafValidator at start) and kept.
 */
import type { CsafResult, DocumentTest } from '@secvisogram/csaf-validator-lib/validateStrict.js';

interface Validator {
  validate: (tests: DocumentTest[], doc: unknown) => Promise<CsafResult>;
  mandatory: DocumentTest[];
  optional: DocumentTest[];
}

let loading: Promise<Validator> | null = null;

const functions = (mod: unknown): DocumentTest[] =>
  Object.values(mod as Record<string, unknown>).filter((t): t is DocumentTest => typeof t === 'function');

async function load(): Promise<Validator> {
  const [strict, mandatory, optional, schema] = await Promise.all([
    import('@secvisogram/csaf-validator-lib/validateStrict.js'),
    import('@secvisogram/csaf-validator-lib/mandatoryTests.js'),
    import('@secvisogram/csaf-validator-lib/optionalTests.js'),
    import('@secvisogram/csaf-validator-lib/schemaTests.js'),
  ]);
  return {
    validate: strict.default,
    mandatory: [(schema as { csaf_2_0_strict: DocumentTest }).csaf_2_0_strict, ...functions(mandatory)],
    optional: functions(optional),
  };
}

/** Starts loading the validator in the background so the first import or publication does not wait for it. */
export function preloadCsafValidator(): Promise<void> {
  loading ??= load();
  return loading.then(() => undefined);
}

/** One message of the validator, with its test (csaf_2_0_strict, mandatoryTest_6_1_27_9…) and JSON pointer. */
export interface CsafMessage {
  test: string;
  instancePath: string;
  message: string;
}

/** What the validator found: errors (schema and mandatory tests) and, when the optional tests ran, their warnings. */
export interface CsafValidation {
  isValid: boolean;
  tests: number;
  errors: CsafMessage[];
  warnings: CsafMessage[];
}

/** Runs the CSAF 2.0 strict schema and the mandatory tests on a document (and the optional tests when asked). */
export async function validateCsaf(doc: unknown, options: { optional?: boolean } = {}): Promise<CsafValidation> {
  loading ??= load();
  const v = await loading;
  const result = await v.validate(options.optional ? [...v.mandatory, ...v.optional] : v.mandatory, doc);
  const messages = (kind: 'errors' | 'warnings') =>
    result.tests.flatMap((t) => t[kind].map((e) => ({ test: t.name, instancePath: e.instancePath, message: e.message })));
  const errors = messages('errors');
  return { isValid: result.isValid && errors.length === 0, tests: result.tests.length, errors, warnings: messages('warnings') };
}

/** The distinct test names of failing messages, as shown to a person ("6.1.27.9, csaf_2_0_strict"). */
export function failingTests(messages: readonly CsafMessage[]): string[] {
  const section = (name: string) => /^(?:mandatory|optional|informative)Test_(.+)$/.exec(name)?.[1]?.replaceAll('_', '.') ?? name;
  return [...new Set(messages.map((m) => section(m.test)))];
}
