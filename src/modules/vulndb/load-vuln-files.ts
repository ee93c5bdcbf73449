import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import YAML from 'yaml';
import { cveToRecord, isCveRecord } from './cve5-record.ts';
import { isEpssCsv, parseEpss } from './epss.ts';
import { isKevDocument, parseKev } from './kev.ts';
import { isNvdDocument, nvdToRecords } from './nvd-record.ts';
import { osvToRecord } from './osv-record.ts';
import type { VulnDb } from './vuln-db.ts';
import { VulnDataError } from './vuln-record.ts';
import { readZipEntries } from './zip-entries.ts';

/** What loading feed files did: counts per outcome and the records or files that could not be used. */
export interface LoadReport {
  files: number;
  added: number;
  replaced: number;
  unchanged: number;
  withdrawn: number;
  kevEntries: number;
  epssScores: number;
  problems: { place: string; message: string }[];
}

/** Options of loadVulnFiles. */
export interface LoadOptions {
  /** Called after each file (or archive entry) with the running count. */
  onProgress?: (files: number, place: string) => void;
  /** Files larger than this are refused (default 256 MiB). */
  maxFileBytes?: number;
}

const feedExtensions = new Set(['.json', '.yaml', '.yml', '.csv']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Loads OSV (JSON, YAML, arrays of records, per-ecosystem all.zip), CVE JSON 5.x, NVD CVE API 2.0 answers, the CISA KEV catalogue and EPSS
 * CSV from files and folders. A broken record or file is reported and skipped; a missing path throws.
 */
export async function loadVulnFiles(db: VulnDb, paths: readonly string[], options: LoadOptions = {}): Promise<LoadReport> {
  const report: LoadReport = { files: 0, added: 0, replaced: 0, unchanged: 0, withdrawn: 0, kevEntries: 0, epssScores: 0, problems: [] };
  const maxBytes = options.maxFileBytes ?? 256 * 1024 * 1024;
  const take = (place: string, bytes: Uint8Array) => {
    report.files++;
    try {
      if (bytes.length > maxBytes) throw new VulnDataError(`file larger than ${maxBytes} bytes`);
      loadDocument(db, place, utf8.decode(bytes), report);
    } catch (e) {
      report.problems.push({ place, message: describe(e) });
    }
    options.onProgress?.(report.files, place);
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) throw new VulnDataError('no such file or folder', path);
    for (const file of info.isDirectory() ? await listFiles(path) : [path]) {
      if (extname(file).toLowerCase() === '.zip') {
        for await (const entry of readZipEntries(file, (name) => feedExtensions.has(extname(name).toLowerCase())))
          take(`${file}:${entry.name}`, entry.bytes);
      } else if (feedExtensions.has(extname(file).toLowerCase()) || !info.isDirectory()) {
        if ((await stat(file)).size > maxBytes) {
          report.files++;
          report.problems.push({ place: file, message: `file larger than ${maxBytes} bytes` });
          continue;
        }
        take(file, await readFile(file));
      }
    }
  }
  return report;
}

function loadDocument(db: VulnDb, place: string, text: string, report: LoadReport): void {
  const ext = extname(place).toLowerCase();
  if (ext === '.csv' || isEpssCsv(text)) {
    const table = parseEpss(text);
    db.addEpss(table);
    report.epssScores += table.scores.size;
    return;
  }
  let value: unknown;
  if (ext === '.yaml' || ext === '.yml') {
    // failsafe: every scalar stays a string, so a version like 1.10 is never read as the number 1.1.
    value = YAML.parse(text, { schema: 'failsafe', maxAliasCount: 50, uniqueKeys: true });
  } else {
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new VulnDataError(`not valid JSON: ${(e as Error).message}`);
    }
  }
  if (isKevDocument(value)) {
    const catalog = parseKev(value);
    db.addKev(catalog);
    report.kevEntries += catalog.entries.length;
    return;
  }
  if (isNvdDocument(value)) {
    const { records, problems } = nvdToRecords(value);
    for (const record of records) {
      if (record.withdrawn) report.withdrawn++;
      report[db.add(record)]++;
    }
    for (const p of problems) report.problems.push({ place: `${place}${p.place.slice(1)}`, message: p.message });
    return;
  }
  const docs = Array.isArray(value) ? value : [value];
  docs.forEach((doc, i) => {
    const docPlace = Array.isArray(value) ? `[${i}]` : '$';
    try {
      const record = isCveRecord(doc) ? cveToRecord(doc, docPlace) : osvToRecord(doc, docPlace);
      if (record.withdrawn) report.withdrawn++;
      report[db.add(record)]++;
    } catch (e) {
      report.problems.push({ place: Array.isArray(value) ? `${place}${docPlace}` : place, message: describe(e) });
    }
  });
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  await walk(dir);
  return out;
}

function describe(e: unknown): string {
  if (e instanceof VulnDataError || e instanceof YAML.YAMLError) return e.message.split('\n')[0]!.slice(0, 300);
  if (e instanceof TypeError && /utf-8|encoded data/i.test(e.message)) return 'not valid UTF-8';
  return e instanceof Error ? e.message.slice(0, 300) : String(e);
}
