/**
 * CSAF 2.0 validation with the BSI validator (@secvisogram/csaf-validator-lib): the strict JSON schema, every
 * mandatory test (section 6.1) and, on request, the optional tests (6.2, reported as warnings). The library takes
 * seconds to load and compiles large schemas, so it runs in a worker thread (csaf-validator-worker.mjs), started on
 * first use (or by preloadCsafValidator at start) and kept: the server's event loop never waits for it.
 */
import { Worker } from 'node:worker_threads';

interface Reply {
  id: number;
  result?: { isValid: boolean; tests: number; errors: CsafMessage[]; warnings: CsafMessage[] } | null;
  error?: string;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

function validatorWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./csaf-validator-worker.mjs', import.meta.url));
  w.unref();
  w.on('message', (reply: Reply) => {
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    p?.resolve(reply);
  });
  const fail = (err: Error) => {
    worker = null;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the CSAF validator stopped (exit ${code})`)));
  worker = w;
  return w;
}

function ask(message: { id: number; doc?: unknown; optional?: boolean }): Promise<Reply> {
  const w = validatorWorker();
  return new Promise((resolve, reject) => {
    pending.set(message.id, { resolve, reject });
    // Keep the process alive only while a validation is under way.
    w.ref();
    w.postMessage(message);
  }).finally(() => {
    if (pending.size === 0) w.unref();
  }) as Promise<Reply>;
}

/** Starts loading the validator in the background so the first import or publication does not wait for it. */
export async function preloadCsafValidator(): Promise<void> {
  const reply = await ask({ id: nextId++ });
  if (reply.error !== undefined) throw new Error(reply.error);
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
  const reply = await ask({ id: nextId++, doc, optional: options.optional ?? false });
  if (reply.error !== undefined || !reply.result) throw new Error(`CSAF validation failed to run: ${reply.error ?? 'no result'}`);
  const r = reply.result;
  return { isValid: r.isValid && r.errors.length === 0, tests: r.tests, errors: r.errors, warnings: r.warnings };
}

/** The distinct test names of failing messages, as shown to a person ("6.1.27.9, csaf_2_0_strict"). */
export function failingTests(messages: readonly CsafMessage[]): string[] {
  const section = (name: string) => /^(?:mandatory|optional|informative)Test_(.+)$/.exec(name)?.[1]?.replaceAll('_', '.') ?? name;
  return [...new Set(messages.map((m) => section(m.test)))];
}
