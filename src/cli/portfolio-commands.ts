import { readFile, stat } from 'node:fs/promises';
import { MAX_SBOM_BYTES, importVulnData, uploadSbom, vulnDbStatus } from '../modules/portfolio/index.ts';
import { AppError } from '../server/http/errors.ts';
import type { DbCommand } from './command-env.ts';
import { findActorAndVersion } from './product-version-lookup.ts';

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/** `isao vulndb import PATH…`: OSV (files, folders, all.zip), CVE JSON 5, KEV, EPSS; idempotent; re-matches what changed. */
export const vulndbImport: DbCommand = {
  async run(ctx, io, args) {
    const paths = strings(args.paths);
    let last = 0;
    const r = await importVulnData(ctx, paths, (line) => {
      if (Date.now() - last > 1000) {
        last = Date.now();
        io.err(line);
      }
    });
    io.out(
      `Imported ${r.files} files: ${r.stored.added} new records, ${r.stored.replaced} updated, ` +
        `${r.added + r.replaced + r.unchanged - r.stored.added - r.stored.replaced} unchanged, ${r.withdrawn} withdrawn; ` +
        `KEV ${r.kevEntries} entries, EPSS ${r.epssScores} scores. Findings: ${r.findingsOpened} opened, ${r.findingsClosed} closed.`,
    );
    if (r.problems.length > 0) {
      io.err(`${r.problems.length} file(s) or record(s) could not be read and were skipped:`);
      for (const p of r.problems.slice(0, 20)) io.err(`  ${p.place}: ${p.message}`);
    }
    return 0;
  },
};

/** `isao vulndb status` */
export const vulndbStatus: DbCommand = {
  async run(ctx, io) {
    const s = await vulnDbStatus(ctx);
    io.out(
      `Vulnerability records: ${s.records} (${s.withdrawn} withdrawn)${Object.entries(s.byFeed)
        .map(([f, n]) => `, ${f} ${n}`)
        .join('')}`,
    );
    io.out(`Newest record modified: ${s.newestModified ?? 'none'}`);
    io.out(`KEV: ${s.kev.entries} entries${s.kev.catalogVersion ? ` (catalogue ${s.kev.catalogVersion})` : ''}`);
    io.out(`EPSS: ${s.epss.scores} scores${s.epss.scoreDate ? ` (${s.epss.scoreDate})` : ''}`);
    for (const i of s.lastImports.slice(0, 5))
      io.out(
        `  ${i.startedAt}  ${i.files} files, +${i.added} new, ${i.replaced} updated, findings +${i.findingsOpened}/-${i.findingsClosed}: ${i.source}`,
      );
    return 0;
  },
};

/** `isao sbom upload FILE --product P --version V --as EMAIL`: uploads as a person of the manufacturer (audited as them). */
export const sbomUpload: DbCommand = {
  async run(ctx, io, args) {
    const [file] = strings(args.file);
    const { actor, versionId } = await findActorAndVersion(ctx, args);
    const info = await stat(file ?? '').catch(() => null);
    if (!info?.isFile()) throw new AppError('not_found', `No file ${file}.`);
    if (info.size > MAX_SBOM_BYTES) throw new AppError('payload_too_large', `The file is larger than ${MAX_SBOM_BYTES} bytes.`);
    io.err(`Reading and matching ${file} (${(info.size / 1024 / 1024).toFixed(1)} MB)…`);
    const sbom = await uploadSbom(ctx, actor, versionId, await readFile(file!), file!.split('/').pop(), 'cli');
    io.out(
      sbom.duplicate
        ? `This SBOM was already uploaded (${sbom.id}); nothing changed.`
        : `SBOM ${sbom.id}: ${sbom.format} ${sbom.specVersion}, ${sbom.componentCount} components, NTIA: ${sbom.quality.verdict}. ` +
            `Open findings: ${sbom.findings?.open ?? 0} (${sbom.findings?.kev ?? 0} known exploited).`,
    );
    io.out(`  ${sbom.quality.summary}`);
    return 0;
  },
};
