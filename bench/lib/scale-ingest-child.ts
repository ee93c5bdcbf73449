// Child of the sbom-scale benchmark: uploads one SBOM through the service (parse, store, match) and reports time and peak RSS.
import { readFileSync } from 'node:fs';
import { loadActor } from '../../src/modules/members/actor-loader.ts';
import { uploadSbom } from '../../src/modules/portfolio/index.ts';
import { openBenchContext } from './bench-context.ts';

const [dataDir, sbomPath, versionId, personId, databaseUrl] = process.argv.slice(2);
const ctx = await openBenchContext(dataDir!, databaseUrl || undefined);
const actor = (await loadActor(ctx.db, personId!))!;
const rssBefore = process.resourceUsage().maxRSS;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const bytes = readFileSync(sbomPath!);
const sbom = await uploadSbom(ctx, actor, versionId!, bytes, 'scale.cdx.json', 'bench');
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
await ctx.db.close();
process.stdout.write(
  `${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, components: sbom.componentCount, openFindings: sbom.findings?.open ?? 0, maxRssMiB: process.resourceUsage().maxRSS / 1024, rssBeforeMiB: rssBefore / 1024 })}\n`,
);
