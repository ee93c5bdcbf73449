import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { z } from 'zod';
import { MAX_VEX_BYTES, exportVex, importVex } from '../modules/vex/index.ts';
import { AppError } from '../server/http/errors.ts';
import { VexFormat, type VexImportResult, vexFormats } from '../shared/api/vex.ts';
import type { CommandIo, DbCommand } from './command-env.ts';
import { findActorAndVersion } from './product-version-lookup.ts';

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
const formatLabel: Record<z.infer<typeof VexFormat>, string> = { cyclonedx: 'CycloneDX', openvex: 'OpenVEX', csaf: 'CSAF' };

/** How many statements an exported document makes (OpenVEX statements, CycloneDX and CSAF vulnerabilities). */
function statementCount(document: Record<string, unknown>): number {
  const list = document.statements ?? document.vulnerabilities;
  return Array.isArray(list) ? list.length : 0;
}

/** Writes a file whole or not at all: a partial file next to it, renamed when complete. */
async function writeWhole(file: string, content: string): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await writeFile(partial, content);
    await rename(partial, file);
  } catch (e) {
    await rm(partial, { force: true });
    throw new Error(`Cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * `isao vex export --product P --version V --as EMAIL [--format cyclonedx|openvex|csaf] [--output FILE]`: the
 * manufacturer's VEX of the version's current SBOM, as the API exports it for that person. The document goes to FILE
 * (written here, so through a running server too) or, without --output, to standard output; notes go to stderr.
 */
export const vexExport: DbCommand = {
  async run(ctx, io, args) {
    const format = VexFormat.safeParse(args.format ?? 'cyclonedx').data;
    if (!format) throw new AppError('validation_failed', `--format must be ${vexFormats.join(', ')}.`);
    const { actor, versionId, productName, version } = await findActorAndVersion(ctx, args);
    const out = await exportVex(ctx, actor, versionId, format, 'cli');
    const json = JSON.stringify(out.document, null, 2);
    const what = `${formatLabel[format]} document of ${productName} ${version} (${count(statementCount(out.document), 'statement')})`;
    if (typeof args.output === 'string' && args.output !== '') {
      await writeWhole(args.output, `${json}\n`);
      io.err(`Wrote the ${what} to ${args.output}.`);
    } else {
      io.out(json);
      io.err(`${what}; the API names this file ${out.fileName}.`);
    }
    return 0;
  },
};

function printOutcomes(io: CommandIo, result: z.infer<typeof VexImportResult>): void {
  const c = result.counts;
  io.out(
    `${formatLabel[result.format]} document ${result.documentId ?? '(no document id)'}: ${count(c.statements, 'statement')}, ${c.applied} applied ` +
      `(${count(c.findingsChanged, 'finding')} changed), ${c.no_matching_finding} without a matching open finding, ` +
      `${c.other_product} about another product, ${c.unsupported} unsupported.`,
  );
  const width = Math.max(0, ...result.items.map((i) => i.outcome.length));
  for (const i of result.items)
    io.out(
      `  ${i.outcome.padEnd(width)}  ${i.place}  ${i.vulnerability}  ${i.target}` +
        (i.state ? ` → ${i.state}` : '') +
        (i.outcome === 'applied' ? ` (${count(i.findings, 'finding')})` : '') +
        (i.reason ? `: ${i.reason}` : ''),
    );
}

/**
 * `isao vex import FILE --product P --version V --as EMAIL [--json]`: records a VEX document's statements on the open
 * findings of the version's current SBOM, as the API does. Exit 0 when at least one statement applied, 1 when the
 * document was refused (nothing recorded) or none of its statements matched an open finding.
 */
export const vexImport: DbCommand = {
  async run(ctx, io, args) {
    const file = typeof args.file === 'string' ? args.file : '';
    const { actor, versionId, productName, version } = await findActorAndVersion(ctx, args);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new AppError('not_found', `No file ${file}.`);
    if (info.size > MAX_VEX_BYTES) throw new AppError('payload_too_large', `The file is larger than ${MAX_VEX_BYTES} bytes.`);
    let result: z.infer<typeof VexImportResult>;
    try {
      result = await importVex(ctx, actor, versionId, await readFile(file), path.basename(file), 'cli');
    } catch (e) {
      if (e instanceof AppError && e.code === 'vex_invalid') {
        io.err(`${file} was refused, nothing was recorded: ${e.message}`);
        return 1;
      }
      throw e;
    }
    if (args.json === true) io.out(JSON.stringify(result));
    else printOutcomes(io, result);
    if (result.counts.applied === 0) {
      io.err(`No statement of ${file} matched an open finding of ${productName} ${version}: no finding was changed.`);
      return 1;
    }
    return 0;
  },
};

/** Registers `isao vex export|import` on the program; `dbAction` runs them (through the server when it holds the database). */
export function registerVexCommands(
  program: Command,
  dbAction: (name: string, pick: (...a: unknown[]) => Record<string, unknown>) => (...a: unknown[]) => Promise<void>,
): void {
  const vex = program.command('vex').description('VEX statements of a product version (the manufacturer’s own people)');
  const exportCommand = vex
    .command('export')
    .description('export the VEX of a version’s current SBOM (its open findings), as the API does for that person')
    .requiredOption('--product <product>', 'product name or id')
    .requiredOption('--version <version>', 'the product version')
    .requiredOption('--as <email>', 'the manufacturer’s person the export is made as')
    .option('--output <file>', 'write the document to this file (default: standard output; notes go to stderr)');
  exportCommand
    .addOption(
      exportCommand
        .createOption('--format <format>', 'CycloneDX 1.5 VEX, OpenVEX 0.2.0 or a CSAF 2.0 csaf_vex')
        .choices(vexFormats)
        .default('cyclonedx'),
    )
    .action(
      dbAction('vex export', (opts) => {
        const o = opts as Record<string, unknown>;
        return { ...o, output: typeof o.output === 'string' ? path.resolve(o.output) : undefined };
      }),
    );
  vex
    .command('import')
    .description('record a VEX document’s statements on the open findings of a version’s current SBOM, as the API does')
    .argument('<file>', 'CycloneDX VEX (JSON or XML), OpenVEX or CSAF 2.0')
    .requiredOption('--product <product>', 'product name or id')
    .requiredOption('--version <version>', 'the product version')
    .requiredOption('--as <email>', 'the manufacturer’s person (who may write) the decisions are made and audited as')
    .option('--json', 'print the outcome as JSON ({ format, documentId, counts, items }) instead of a summary')
    .addHelpText(
      'after',
      `
Prints one line of counts, then one line per statement: applied (with the findings it set), no_matching_finding,
other_product or unsupported, with the reason. Later statements win over earlier ones for the same finding; a finding
already in the stated decision is left as it is, so importing the same document again changes nothing.

Exit status: 0 when at least one statement applied; 1 when nothing was recorded: the file was refused (unreadable,
or not about this product version), the version has no SBOM yet, the person may not record decisions, or none of the
statements matched an open finding; 2 on a usage error.`,
    )
    .action(dbAction('vex import', (file, opts) => ({ file: path.resolve(file as string), ...(opts as object) })));
}
