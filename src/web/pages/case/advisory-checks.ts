// The CSAF validator's tests in words: which test ("6.2.3"), what kind, and for the common ones what to do about it.
import type { AdvisoryDraft, CsafMessage } from '../../api/publishing.ts';

/** "optionalTest_6_2_3" → "6.2.3"; other names (the schema test) as they are. */
export function testSection(name: string): string {
  return /^(?:mandatory|optional|informative)Test_(.+)$/.exec(name)?.[1]?.replaceAll('_', '.') ?? name;
}

/** What kind of test a name is, in words. */
export function testKind(name: string): string {
  if (name.startsWith('mandatoryTest_')) return 'mandatory test';
  if (name.startsWith('optionalTest_')) return 'optional test';
  if (name.startsWith('informativeTest_')) return 'informative test';
  if (name.startsWith('csaf_')) return 'JSON schema';
  return 'test';
}

/** What to do, for the tests a case's advisory most often fails. */
const advice: Record<string, { title: string; action: string }> = {
  '6.2.1': {
    title: 'Unused product',
    action:
      'A product is listed but no vulnerability gives it a status. Check the vendors’ statements: each vendor answers for each vulnerability.',
  },
  '6.2.2': {
    title: 'Missing remediation',
    action:
      'An affected product has no remediation. Ask the vendor (in its thread below) to give the fixed versions, or what users should do, in its statement.',
  },
  '6.2.3': {
    title: 'Missing metric',
    action:
      'A vulnerability with an affected product has no score. Edit the vulnerability under “Vulnerabilities” and add its CVSS 3.1 vector (CSAF 2.0 carries CVSS 3.1; a CVSS 4.0 vector alone does not count).',
  },
  '6.2.11': {
    title: 'Missing canonical URL',
    action:
      'The advisory needs a canonical URL at an https:// address. The server’s PUBLIC_URL must be the https:// address of this ISAO; ask an administrator to set it.',
  },
  '6.2.19': {
    title: 'CVSS for a fixed product',
    action:
      'A score names a product its vendor marked as fixed. Check the vendor’s statement: “fixed” means no version is affected any more.',
  },
  csaf_2_0_strict: {
    title: 'Not valid CSAF 2.0',
    action:
      'The document does not match the CSAF 2.0 JSON schema at the places named. An empty product tree or product status means no vendor has been added yet: add the vendors whose products may be affected; they answer per vulnerability.',
  },
};

/** The advice for a test, if it is a common one. */
export function adviceFor(name: string): { title: string; action: string } | null {
  return advice[testSection(name)] ?? null;
}

/** One failing test with all its messages. */
export interface FailingTest {
  name: string;
  messages: CsafMessage[];
}

/** Everything that blocks publishing (errors and warnings alike: publishing wants every test to pass), per test. */
export function failingTests(validation: AdvisoryDraft['validation']): FailingTest[] {
  const byTest = new Map<string, CsafMessage[]>();
  for (const m of [...validation.errors, ...validation.warnings]) byTest.set(m.test, [...(byTest.get(m.test) ?? []), m]);
  return [...byTest.entries()].map(([name, messages]) => ({ name, messages }));
}

/** The failing tests of a csaf_invalid answer's details (names, and messages when given). */
export function failingFromDetails(details: Record<string, unknown> | undefined): FailingTest[] {
  const errors = Array.isArray(details?.['errors']) ? (details['errors'] as CsafMessage[]) : [];
  if (errors.length) return failingTests({ isValid: false, tests: 0, errors, warnings: [] });
  const tests = Array.isArray(details?.['tests']) ? details['tests'].filter((t): t is string => typeof t === 'string') : [];
  return tests.map((name) => ({ name, messages: [] }));
}
