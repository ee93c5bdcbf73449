import type { Queryable } from '../../server/db/client.ts';
import { copyBoolean, copyJson, copyLine, copyNumber, copyText, copyTextArray, copyTimestamp } from '../../server/db/copy-format.ts';
import { uuidV7 } from '../../server/db/uuid-v7.ts';
import type { Finding } from '../matching/index.ts';
import { severityRank } from '../vulndb/index.ts';
import { type FindingCounts, countOpen, emptyCounts } from './finding-counts.ts';

/** The stable identity of a vulnerability across databases: the lowest CVE among the id and its aliases, else the id. */
export function vulnKeyOf(f: Pick<Finding, 'vulnerability'>): string {
  const cves = [f.vulnerability.id, ...f.vulnerability.aliases].filter((x) => x.startsWith('CVE-')).sort();
  return cves[0] ?? f.vulnerability.id;
}

/** A finding's columns as stored (without its SBOM, state and times). */
export function findingRow(f: Finding) {
  const own = [f.vulnerability.id, ...f.vulnerability.aliases].filter((x) => x.startsWith('CVE-'));
  return {
    component_key: f.componentKey,
    component: f.component,
    vuln_key: vulnKeyOf(f),
    vulnerability: f.vulnerability,
    record_ids: [f.vulnerability.id, ...f.vulnerability.aliases],
    own_cves: own,
    cves: [...own, ...f.vulnerability.related.filter((x) => x.startsWith('CVE-'))],
    summary: f.summary,
    fixed: f.fixed,
    kev: f.kev,
    epss: f.epss,
    severity: f.severity,
    severity_rank: severityRank(f.severity),
    matched_by: f.matchedBy,
  };
}

const FINDING_COLUMNS = [
  'id',
  'sbom_id',
  'component_key',
  'component',
  'vuln_key',
  'vulnerability',
  'record_ids',
  'own_cves',
  'cves',
  'summary',
  'fixed',
  'kev',
  'epss',
  'severity',
  'severity_rank',
  'matched_by',
  'opened_at',
  'updated_at',
];
const ID_LENGTH = 36;
/** Lines per chunk handed to a COPY. */
const CHUNK = 1000;

/**
 * New findings as COPY lines, made as they are found, each with a new id (a UUID v7, so the ids of one load sort in
 * the order they were made) at the start of its line. Holding lines instead of Finding objects keeps the heap (and
 * the garbage collector's work) small while a large SBOM is matched.
 */
export class NewFindingLines {
  readonly #at: string;
  /** The findings made so far, counted as countFindings counts open ones (every new finding is open and in triage). */
  readonly counts: FindingCounts = emptyCounts();

  constructor(now: Date) {
    this.#at = copyTimestamp(now);
  }

  /**
   * The COPY line of a finding. The caller makes each (SBOM, component, vulnerability key) once; `vulnKeysOfComponent`,
   * when given, holds the keys already made for this finding's component, and a repeat gives null.
   */
  lineOf(f: Finding, sbomId: string, vulnKeysOfComponent?: Set<string>): string | null {
    const row = findingRow(f);
    if (vulnKeysOfComponent) {
      if (vulnKeysOfComponent.has(row.vuln_key)) return null;
      vulnKeysOfComponent.add(row.vuln_key);
    }
    countOpen(this.counts, f.severity?.level ?? null, f.kev);
    return copyLine([
      uuidV7(),
      sbomId,
      copyText(row.component_key),
      copyJson(row.component),
      copyText(row.vuln_key),
      copyJson(row.vulnerability),
      copyTextArray(row.record_ids),
      copyTextArray(row.own_cves),
      copyTextArray(row.cves),
      copyText(row.summary),
      copyTextArray(row.fixed),
      copyBoolean(row.kev),
      copyNumber(row.epss),
      copyJson(row.severity),
      copyNumber(row.severity_rank),
      copyText(row.matched_by),
      this.#at,
      this.#at,
    ]);
  }

  /**
   * Stores the lines as they come (a matcher may still be making them), in rounds of at least `round` findings, each
   * round's `finding.opened` events right after its findings, so that little is left to store when the last lines
   * arrive. Returns how many findings were stored.
   */
  async store(tx: Queryable, batches: Iterable<readonly string[]> | AsyncIterable<readonly string[]>, round = 10_000): Promise<number> {
    const at = this.#at;
    let stored = 0;
    let pending: string[] = [];
    const flush = async () => {
      const lines = pending;
      pending = [];
      if (lines.length === 0) return;
      await tx.copyIn(
        'findings',
        FINDING_COLUMNS,
        chunks(lines, (line) => line),
      );
      await tx.copyIn(
        'finding_events',
        ['id', 'finding_id', 'at', 'kind'],
        chunks(lines, (line) => `${uuidV7()}\t${line.slice(0, ID_LENGTH)}\t${at}\tfinding.opened\n`),
      );
      stored += lines.length;
    };
    for await (const batch of batches) {
      for (const line of batch) pending.push(line);
      if (pending.length >= round) await flush();
    }
    await flush();
    return stored;
  }
}

function* chunks(lines: readonly string[], lineOf: (line: string) => string) {
  for (let i = 0; i < lines.length; i += CHUNK) {
    let chunk = '';
    for (let k = i; k < Math.min(lines.length, i + CHUNK); k++) chunk += lineOf(lines[k]!);
    yield chunk;
  }
}
