/** A CSAF file as received: decoded, parsed with a nesting limit, and validated before anything reads it. */
import { createHash } from 'node:crypto';
import { PlacedError } from '../../shared/placed-error.ts';
import { SbomParseError } from '../sbom/index.ts';
import { parseJsonText } from '../sbom/json-text.ts';
import { type CsafSummary, summariseCsaf } from './csaf-document.ts';
import { type CsafMessage, failingTests, validateCsaf } from './csaf-validation.ts';

/** The largest CSAF document accepted (CISA's medical advisories are under 100 kB; big vendor VEX files reach MBs). */
export const MAX_CSAF_BYTES = 16 * 1024 * 1024;

/** A file that is not a valid CSAF 2.0 document; `tests` names the failing validator tests when it got that far. */
export class CsafFileError extends PlacedError {
  constructor(
    message: string,
    place?: string,
    readonly tests: string[] = [],
    readonly errors: CsafMessage[] = [],
  ) {
    super(message, place);
  }
}

/** A valid CSAF document, ready to store. */
export interface CsafFile {
  text: string;
  sha256: string;
  document: Record<string, unknown>;
  summary: CsafSummary;
  /** Optional-test findings (section 6.2): reported, not refused. */
  warnings: CsafMessage[];
}

function decode(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_CSAF_BYTES) throw new CsafFileError(`the file is larger than ${MAX_CSAF_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CsafFileError('the file is not UTF-8 text (a binary or compressed file?)');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new CsafFileError('the file is empty');
  return text;
}

/**
 * Reads and validates a CSAF 2.0 file: the strict schema and every mandatory test must pass (the failing test ids are
 * in the error); the optional tests run too and come back as warnings.
 */
export async function readCsafFile(bytes: Uint8Array): Promise<CsafFile> {
  const text = decode(bytes);
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (error) {
    if (error instanceof SbomParseError) throw new CsafFileError(error.message.replace(/ \(at .*\)$/s, ''), error.place);
    throw error;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CsafFileError('expected a JSON object', '(document)');
  const document = value as Record<string, unknown>;
  const head = document['document'];
  if (typeof head !== 'object' || head === null || (head as Record<string, unknown>)['csaf_version'] !== '2.0')
    throw new CsafFileError('not a CSAF 2.0 document (document.csaf_version must be "2.0")', 'document.csaf_version');
  let result;
  try {
    result = await validateCsaf(document, { optional: true });
  } catch (error) {
    // A document hostile enough to break a validator test (stack depth, pathological values) is refused, not a 500.
    throw new CsafFileError(`the validator could not check the document (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!result.isValid) {
    const tests = failingTests(result.errors);
    const first = result.errors[0];
    throw new CsafFileError(
      `the document fails CSAF 2.0 test${tests.length === 1 ? '' : 's'} ${tests.join(', ')}${first ? `: ${first.message}` : ''}`,
      first?.instancePath || undefined,
      tests,
      result.errors.slice(0, 50),
    );
  }
  return {
    text,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    document,
    summary: summariseCsaf(document),
    warnings: result.warnings,
  };
}
