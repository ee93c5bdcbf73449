// The BSI CSAF validator in its own thread: loading it compiles large schemas for seconds, and validating a big
// document takes a while too; neither may block the server's event loop. Plain JavaScript, so it runs without tsx.
import { parentPort } from 'node:worker_threads';

const functions = (mod) => Object.values(mod).filter((t) => typeof t === 'function');

const loading = Promise.all([
  import('@secvisogram/csaf-validator-lib/validateStrict.js'),
  import('@secvisogram/csaf-validator-lib/mandatoryTests.js'),
  import('@secvisogram/csaf-validator-lib/optionalTests.js'),
  import('@secvisogram/csaf-validator-lib/schemaTests.js'),
]).then(([strict, mandatory, optional, schema]) => ({
  validate: strict.default,
  mandatory: [schema.csaf_2_0_strict, ...functions(mandatory)],
  optional: functions(optional),
}));

parentPort.on('message', async ({ id, doc, optional }) => {
  try {
    const v = await loading;
    if (doc === undefined) return parentPort.postMessage({ id, result: null }); // a preload
    const result = await v.validate(optional ? [...v.mandatory, ...v.optional] : v.mandatory, doc);
    const pick = (t, kind) => t[kind].map((e) => ({ test: t.name, instancePath: e.instancePath, message: e.message }));
    parentPort.postMessage({
      id,
      result: {
        isValid: result.isValid,
        tests: result.tests.length,
        errors: result.tests.flatMap((t) => pick(t, 'errors')),
        warnings: result.tests.flatMap((t) => pick(t, 'warnings')),
      },
    });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
