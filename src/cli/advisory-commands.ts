import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type ImportOutcome, assertMayImport, importAdvisory } from '../modules/advisories/index.ts';
import { MAX_CSAF_BYTES } from '../modules/csaf/index.ts';
import { loadActor } from '../modules/members/actor-loader.ts';
import { AppError } from '../server/http/errors.ts';
import type { AppContext } from '../server/context.ts';
import type { DbCommand } from './command-env.ts';

/** The CSAF files under the given paths: files as named, folders walked for *.json (provider metadata and feeds skipped). */
async function csafFiles(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && e.name.endsWith('.json') && !/^(provider-metadata|aggregator|service|category|feed)/i.test(e.name))
        files.push(full);
    }
  };
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (info?.isDirectory()) await walk(p);
    else if (info?.isFile()) files.push(p);
    else missing.push(p);
  }
  return { files, missing };
}

/** The person a staff command is recorded as: --as EMAIL, or the operator's longest-standing platform admin. */
export async function staffActor(ctx: AppContext, email: string | undefined) {
  const [person] = email
    ? await ctx.db.query<{ id: string }>("SELECT id FROM people WHERE lower(email) = lower($1) AND status = 'active'", [email])
    : await ctx.db.query<{ id: string }>(
        `SELECT p.id FROM people p JOIN organisations o ON o.id = p.org_id
          WHERE o.kind = 'operator' AND o.status = 'active' AND p.status = 'active' AND 'platform_admin' = ANY(p.roles)
          ORDER BY p.created_at, p.id LIMIT 1`,
      );
  const actor = person ? await loadActor(ctx.db, person.id) : null;
  if (!actor)
    throw new AppError('not_found', email ? `No active person with the email "${email}".` : 'The ISAO has no active platform admin.');
  return actor;
}

/** `isao import csaf PATH… [--as EMAIL]`: files or folders of CSAF 2.0 advisories; exit 1 when any file was refused. */
export const importCsaf: DbCommand = {
  async run(ctx, io, args) {
    const paths = Array.isArray(args.paths) ? args.paths.filter((p): p is string => typeof p === 'string') : [];
    const actor = await staffActor(ctx, typeof args.as === 'string' ? args.as : undefined);
    assertMayImport(actor);
    const { files, missing } = await csafFiles(paths);
    for (const m of missing) io.err(`No file or folder ${m}.`);
    const counts: Record<ImportOutcome, number> = { added: 0, updated: 0, unchanged: 0, older: 0 };
    const refused: { file: string; message: string }[] = [];
    let matches = 0;
    let last = Date.now();
    for (const [i, file] of files.entries()) {
      try {
        const info = await stat(file);
        if (info.size > MAX_CSAF_BYTES) throw new AppError('payload_too_large', `larger than ${MAX_CSAF_BYTES} bytes`);
        const r = await importAdvisory(ctx, actor, await readFile(file), { ip: null, via: 'cli' });
        counts[r.outcome]++;
        matches += r.possibleMatches;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        refused.push({ file, message: error.message });
      }
      if (Date.now() - last > 1000) {
        last = Date.now();
        io.err(`${i + 1}/${files.length} files…`);
      }
    }
    io.out(
      `Read ${files.length} CSAF files: ${counts.added} new advisories, ${counts.updated} newer revisions, ${counts.unchanged} unchanged, ` +
        `${counts.older} older revisions kept in the history only, ${refused.length} refused. New possible product matches: ${matches}.`,
    );
    for (const r of refused.slice(0, 50)) io.err(`  refused ${r.file}: ${r.message}`);
    if (refused.length > 50) io.err(`  … and ${refused.length - 50} more`);
    return refused.length > 0 || missing.length > 0 ? 1 : 0;
  },
};
