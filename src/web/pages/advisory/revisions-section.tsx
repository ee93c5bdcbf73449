// The sources of an advisory: acknowledgments, references (external links), the document's revision history, the
// revisions received here (which one is current), and the CSAF file itself with its SHA-256.
import type { AdvisoryDetail } from '../../api/advisories.ts';
import { csafDownloadUrl } from '../../api/advisories.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { CalendarDate } from '../../components/portfolio-badges.tsx';
import { isWebUrl, utcDay } from './advisory-labels.ts';

/** The "Download CSAF" link and the file's SHA-256. */
export function CsafDownload({ advisory }: { advisory: AdvisoryDetail }) {
  return (
    <div className="csaf-download">
      <a className="button button-small" href={csafDownloadUrl(advisory.id)} download={advisory.fileName}>
        Download CSAF
      </a>
      <span className="hash-line small">
        <span className="muted">SHA-256</span>
        <code className="hash" aria-label="SHA-256 of the CSAF file">
          {advisory.sha256}
        </code>
        <CopyButton text={advisory.sha256} label="Copy SHA-256" />
      </span>
    </div>
  );
}

/** Acknowledgments and references. */
export function SourcesSection({ advisory }: { advisory: AdvisoryDetail }) {
  if (advisory.acknowledgments.length === 0 && advisory.references.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="sources-title">
      <h2 id="sources-title">References and acknowledgments</h2>
      {advisory.references.length ? (
        <ul className="plain-list reference-list">
          {advisory.references.map((r, i) => (
            <li key={`${r.url}-${i}`}>
              {isWebUrl(r.url) ? (
                <a href={r.url} target="_blank" rel="noopener noreferrer">
                  {r.summary || r.url}
                </a>
              ) : (
                <span>{r.summary || r.url}</span>
              )}
              {r.category === 'self' ? <span className="pill pill-off">this advisory</span> : null}
              {r.summary && r.summary !== r.url ? <div className="muted small reference-url">{r.url}</div> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {advisory.acknowledgments.length ? (
        <>
          <h3>Acknowledgments</h3>
          <ul className="plain-list">
            {advisory.acknowledgments.map((a, i) => (
              <li key={i}>{a}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** The document's revision history and the revisions received here. */
export function RevisionsSection({ advisory }: { advisory: AdvisoryDetail }) {
  const history = [...advisory.revisionHistory].reverse();
  return (
    <section className="panel revisions" aria-labelledby="revisions-title">
      <h2 id="revisions-title">Revisions</h2>
      <h3>Revision history (as the publisher wrote it)</h3>
      <DataTable
        items={history}
        headers={['Version', 'Date', 'Summary']}
        rowKey={(r) => `${r.number}-${r.date}`}
        empty="The document lists no revisions."
        rowClassName={(r) => (r.number === advisory.version ? 'row-current' : undefined)}
        row={(r) => (
          <>
            <td className="nowrap">
              {r.number}
              {r.number === advisory.version ? <span className="pill pill-ok">current</span> : null}
            </td>
            <td className="nowrap">
              <CalendarDate value={utcDay(r.date)} />
            </td>
            <td>{r.summary}</td>
          </>
        )}
      />
      <h3>Received here</h3>
      <DataTable
        items={advisory.receivedRevisions}
        headers={['Version', 'Released', 'Imported', 'SHA-256']}
        rowKey={(r) => r.sha256}
        empty="No revision was received."
        rowClassName={(r) => (r.current ? 'row-current' : undefined)}
        row={(r) => (
          <>
            <td className="nowrap">
              {r.version}
              {r.current ? (
                <span className="pill pill-ok">current</span>
              ) : (
                <span className="pill pill-off" title="Kept for the record; another revision is current.">
                  kept
                </span>
              )}
            </td>
            <td className="nowrap">
              <CalendarDate value={utcDay(r.currentReleaseDate)} />
            </td>
            <td className="nowrap">
              <DateTime value={r.importedAt} />
            </td>
            <td>
              <code className="hash">{r.sha256}</code>
            </td>
          </>
        )}
      />
    </section>
  );
}
