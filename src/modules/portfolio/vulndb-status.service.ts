import type { AppContext } from '../../server/context.ts';

/** What vulnerability data is loaded and how fresh it is (no confidential content: any member may look). */
export async function vulnDbStatus(ctx: AppContext) {
  const [totals] = (await ctx.db.query<{ records: string; withdrawn: string; newest: Date | null }>(
    'SELECT count(*) AS records, count(withdrawn) AS withdrawn, max(modified) AS newest FROM vuln_records',
  )) as [{ records: string; withdrawn: string; newest: Date | null }];
  const feeds = await ctx.db.query<{ feed: string; n: string }>('SELECT feed, count(*) AS n FROM vuln_records GROUP BY feed ORDER BY feed');
  const [kev] = (await ctx.db.query<{ n: string; version: string | null }>(
    'SELECT count(*) AS n, max(catalog_version) AS version FROM kev_entries',
  )) as [{ n: string; version: string | null }];
  const [epss] = (await ctx.db.query<{ n: string; score_date: string | null }>(
    'SELECT count(*) AS n, max(score_date) AS score_date FROM epss_scores',
  )) as [{ n: string; score_date: string | null }];
  const imports = await ctx.db.query<{
    source: string;
    started_at: Date;
    finished_at: Date | null;
    files: number;
    added: number;
    replaced: number;
    unchanged: number;
    withdrawn: number;
    findings_opened: number;
    findings_closed: number;
    problems: unknown[];
  }>('SELECT * FROM vulndb_imports ORDER BY started_at DESC LIMIT 20');
  return {
    records: Number(totals.records),
    withdrawn: Number(totals.withdrawn),
    byFeed: Object.fromEntries(feeds.map((f) => [f.feed, Number(f.n)])),
    newestModified: totals.newest ? new Date(totals.newest).toISOString() : null,
    kev: { entries: Number(kev.n), catalogVersion: kev.version },
    epss: { scores: Number(epss.n), scoreDate: epss.score_date },
    lastImports: imports.map((i) => ({
      source: i.source,
      startedAt: new Date(i.started_at).toISOString(),
      finishedAt: i.finished_at ? new Date(i.finished_at).toISOString() : null,
      files: i.files,
      added: i.added,
      replaced: i.replaced,
      unchanged: i.unchanged,
      withdrawn: i.withdrawn,
      findingsOpened: i.findings_opened,
      findingsClosed: i.findings_closed,
      problems: i.problems.length,
    })),
  };
}
