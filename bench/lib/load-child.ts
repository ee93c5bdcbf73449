// The load generator's own process: receives a LoadSpec over IPC, answers with its LoadResult.
import { type LoadSpec, runLoad } from './load.ts';

process.on('message', (spec: LoadSpec) => {
  runLoad(spec).then(
    (result) => process.send!({ result }),
    (err: unknown) => process.send!({ error: err instanceof Error ? err.message : String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
