import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where every benchmark writes its result file. */
export const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

/** The machine a result was measured on: numbers only compare on the same kind of machine. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}

/** Writes bench/results/<name>.json and returns its path. */
export function writeResult(name: string, result: object): string {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Progress goes to stderr, so stdout ends with the one-line JSON summary. */
export const log = (text: string) => process.stderr.write(`${text}\n`);

/** Rounds to a few decimals for reports. */
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A fixed-width text table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Minimal `--name value` / `--flag` parser. */
export function parseArgs(args: string[], known: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...known };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !(m[1]! in known)) throw new UsageError(`unknown option ${arg}`);
    out[m[1]!] = m[2] ?? args[++i];
    if (out[m[1]!] === undefined) throw new UsageError(`option --${m[1]} needs a value`);
  }
  return out;
}

export class UsageError extends Error {}

/** CPU time (user + system, ms) a process has used, from /proc/<pid>/stat (Linux, 100 Hz ticks); null elsewhere. */
export function cpuMsOf(pid: number | undefined): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
