import { VulnDataError } from './vuln-record.ts';

/** One EPSS score: probability of exploitation in the next 30 days and its percentile. */
export interface EpssScore {
  epss: number;
  percentile: number;
}

/** An EPSS daily file as loaded. */
export interface EpssTable {
  modelVersion?: string;
  scoreDate?: string;
  scores: Map<string, EpssScore>;
}

/** Whether a text starts like an EPSS CSV (the comment line or the header). */
export function isEpssCsv(text: string): boolean {
  const head = text.slice(0, 200).replace(/^\uFEFF/, '');
  return head.startsWith('#model_version') || /^cve,epss,percentile\s*$/m.test(head.split('\n', 2).join('\n'));
}

/** Parses an EPSS CSV: an optional `#model_version:…,score_date:…` line, the header `cve,epss,percentile`, then rows. */
export function parseEpss(text: string): EpssTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const table: EpssTable = { scores: new Map() };
  let row = 0;
  if (lines[0]?.startsWith('#')) {
    for (const part of lines[0].slice(1).split(',')) {
      const [key, ...rest] = part.split(':');
      if (key?.trim() === 'model_version') table.modelVersion = rest.join(':').trim();
      if (key?.trim() === 'score_date') table.scoreDate = rest.join(':').trim();
    }
    row = 1;
  }
  const header = lines[row]?.trim().toLowerCase();
  if (header !== 'cve,epss,percentile') throw new VulnDataError('expected the header "cve,epss,percentile"', `line ${row + 1}`);
  for (let i = row + 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const [cve, epss, percentile, extra] = line.split(',');
    const e = Number(epss);
    const p = Number(percentile);
    if (!cve || !/^CVE-\d{4}-\d{4,}$/i.test(cve) || extra !== undefined || !(e >= 0 && e <= 1) || !(p >= 0 && p <= 1)) {
      throw new VulnDataError(`not an EPSS row: "${line.slice(0, 80)}"`, `line ${i + 1}`);
    }
    table.scores.set(cve.toUpperCase(), { epss: e, percentile: p });
  }
  return table;
}
