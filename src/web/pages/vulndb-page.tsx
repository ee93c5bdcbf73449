// /vulnerability-data: looking up one vulnerability, what vulnerability data is loaded (records per feed, KEV, EPSS), the last imports,
// and (for ISAO staff) the scheduled feeds that fetch it.
import type { ReactNode } from 'react';
import { useVulnDbStatus } from '../api/findings.ts';
import type { VulnDbStatus } from '../api/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { DateTime } from '../components/date-time.tsx';
import { InfoBox } from '../components/messages.tsx';
import { CalendarDate } from '../components/portfolio-badges.tsx';
import { QueryView } from '../components/query-view.tsx';
import { VulnerabilitySearch } from '../components/vulnerability-search.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { FeedsPanel } from './vulndb/feeds-panel.tsx';

type ImportRun = VulnDbStatus['lastImports'][number];

/** "3 s", "2 min 5 s" between two timestamps. */
function duration(from: string, to: string): string {
  const seconds = Math.max(0, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function Stat({ label, value, note }: { label: string; value: number; note?: ReactNode }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{value.toLocaleString()}</span>
        {note ? <span className="stat-note">{note}</span> : null}
      </dd>
    </div>
  );
}

function StatusView({ status }: { status: VulnDbStatus }) {
  const feeds = Object.entries(status.byFeed).sort((a, b) => b[1] - a[1]);
  return (
    <>
      {status.records === 0 ? (
        <InfoBox title="No vulnerability data is loaded yet.">
          Until an operator imports advisories, no findings can be matched against SBOMs.
        </InfoBox>
      ) : null}
      <section className="panel" aria-labelledby="loaded-title">
        <h2 id="loaded-title">Loaded data</h2>
        <dl className="stats">
          <Stat
            label="Vulnerability records"
            value={status.records}
            note={status.withdrawn ? `${status.withdrawn} withdrawn` : undefined}
          />
          <Stat
            label="Known exploited (CISA KEV)"
            value={status.kev.entries}
            note={status.kev.catalogVersion ? `catalog ${status.kev.catalogVersion}` : 'not loaded'}
          />
          <Stat
            label="EPSS scores"
            value={status.epss.scores}
            note={
              status.epss.scoreDate ? (
                <>
                  scored <CalendarDate value={status.epss.scoreDate.slice(0, 10)} />
                </>
              ) : (
                'not loaded'
              )
            }
          />
        </dl>
        <p className="small muted">
          Newest record modified: {status.newestModified ? <DateTime value={status.newestModified} /> : 'none loaded'}
        </p>
        <DataTable
          items={feeds}
          headers={['Records from', 'Records']}
          rowKey={([feed]) => feed}
          empty="No vulnerability records loaded."
          row={([feed, count]) => (
            <>
              <td>{feed}</td>
              <td>{count.toLocaleString()}</td>
            </>
          )}
        />
      </section>
      <section className="panel" aria-labelledby="imports-title">
        <h2 id="imports-title">Last imports</h2>
        <DataTable<ImportRun>
          items={status.lastImports}
          headers={['Source', 'Started', 'Took', 'Files', 'Added', 'Replaced', 'Unchanged', 'Withdrawn', 'Findings', 'Problems']}
          rowKey={(run) => `${run.source}-${run.startedAt}`}
          empty="Nothing has been imported yet."
          row={(run) => (
            <>
              <td className="cell-wrap">
                <code>{run.source}</code>
              </td>
              <td className="nowrap">
                <DateTime value={run.startedAt} />
              </td>
              <td className="nowrap">
                {run.finishedAt ? duration(run.startedAt, run.finishedAt) : <span className="pill pill-warn">Not finished</span>}
              </td>
              <td>{run.files}</td>
              <td>{run.added}</td>
              <td>{run.replaced}</td>
              <td>{run.unchanged}</td>
              <td>{run.withdrawn}</td>
              <td className="nowrap">
                {run.findingsOpened} opened, {run.findingsClosed} closed
              </td>
              <td>{run.problems ? <span className="text-danger">{run.problems}</span> : 0}</td>
            </>
          )}
        />
      </section>
    </>
  );
}

/** The vulnerability data page. */
export function VulnDbPage() {
  usePageTitle('Vulnerability data');
  const status = useVulnDbStatus();
  return (
    <div className="page">
      <h1>Vulnerability data</h1>
      <p className="lead">
        The advisories (OSV, GitHub, CVE), the CISA Known Exploited Vulnerabilities catalog and EPSS scores that SBOM components are matched
        against.
      </p>
      <section className="panel" aria-labelledby="lookup-title">
        <h2 id="lookup-title">Look up a vulnerability</h2>
        <p className="hint">By any of its ids: what the loaded data says about it, and which of your organisation’s products have it.</p>
        <VulnerabilitySearch />
      </section>
      <InfoBox title="How data gets here.">
        The platform operator loads it on the server with <code>isao vulndb import PATH…</code> (OSV files, folders or all.zip archives, CVE
        JSON 5 records, the KEV catalog JSON and the EPSS CSV), or sets up scheduled feeds that the server fetches every few hours. Each
        import opens and closes findings on the uploaded SBOMs.
      </InfoBox>
      <QueryView query={status} what="the vulnerability data status">
        {(data) => <StatusView status={data} />}
      </QueryView>
      <FeedsPanel />
    </div>
  );
}
