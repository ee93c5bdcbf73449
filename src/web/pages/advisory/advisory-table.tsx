// The advisories list as a table: title with tracking id, publisher and search passages, TLP, highest CVSS score, CVEs
// with KEV markers, vendors and products, release date.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { AdvisorySummary } from '../../api/advisories.ts';
import { DataTable } from '../../components/data-table.tsx';
import { CalendarDate, KevBadge, SeverityBadge } from '../../components/portfolio-badges.tsx';
import { TlpBadge } from '../../components/tlp-badge.tsx';
import { severityOfScore, utcDay } from './advisory-labels.ts';

const SHOWN_CVES = 4;
const SHOWN_PRODUCTS = 4;

/**
 * The server's search passages with the matching terms between « and », as text with <mark>s. Everything is rendered as
 * text by React (never as HTML); an unbalanced marker is simply dropped.
 */
export function Highlighted({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let marked = false;
  let key = 0;
  for (const piece of text.split(/([«»])/)) {
    if (piece === '«') marked = true;
    else if (piece === '»') marked = false;
    else if (piece) parts.push(marked ? <mark key={key++}>{piece}</mark> : <span key={key++}>{piece}</span>);
  }
  return <>{parts}</>;
}

function Cves({ advisory }: { advisory: AdvisorySummary }) {
  if (advisory.cves.length === 0) return <span className="muted">None named</span>;
  const kev = new Set(advisory.kevCves);
  const shown = advisory.cves.slice(0, SHOWN_CVES);
  const more = advisory.cves.length - shown.length;
  return (
    <ul className="cve-list">
      {shown.map((cve) => (
        <li key={cve}>
          <code className="cve">{cve}</code>
          {kev.has(cve) ? (
            <>
              {' '}
              <KevBadge />
            </>
          ) : null}
        </li>
      ))}
      {more > 0 ? (
        <li className="muted small" title={advisory.cves.slice(SHOWN_CVES).join(', ')}>
          and {more} more{advisory.kevCves.some((c) => !shown.includes(c)) ? ' (known exploited among them)' : ''}
        </li>
      ) : null}
    </ul>
  );
}

function VendorsProducts({ advisory }: { advisory: AdvisorySummary }) {
  const shown = advisory.products.slice(0, SHOWN_PRODUCTS);
  const more = advisory.products.length - shown.length;
  return (
    <>
      <strong>{advisory.vendors.length ? advisory.vendors.join(', ') : <span className="muted">No vendor named</span>}</strong>
      {shown.length ? (
        <div className="small">
          {shown.join(', ')}
          {more > 0 ? (
            <span className="muted" title={advisory.products.slice(SHOWN_PRODUCTS).join(', ')}>
              {' '}
              and {more} more
            </span>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

/** The table; `searching` adds the search passages under the titles. */
export function AdvisoryTable({ items, searching }: { items: AdvisorySummary[]; searching: boolean }) {
  return (
    <DataTable
      items={items}
      headers={['Advisory', 'TLP', 'Highest CVSS', 'CVEs', 'Vendors and products', 'Released']}
      rowKey={(a) => a.id}
      empty="No advisories."
      row={(a) => (
        <>
          <td className="advisory-cell">
            <Link to={`/advisories/${a.id}`} className="cell-title">
              {a.title}
            </Link>
            <div className="muted small">
              <code className="tracking-id">{a.trackingId}</code> · {a.publisher}
              {a.version ? ` · version ${a.version}` : ''}
            </div>
            {searching && a.highlight ? (
              <p className="search-passage small">
                <Highlighted text={a.highlight} />
              </p>
            ) : null}
          </td>
          <td>
            <TlpBadge tlp={a.tlp} />
          </td>
          <td className="nowrap">
            {a.maxScore === null ? (
              <span className="muted">No score</span>
            ) : (
              <SeverityBadge level={severityOfScore(a.maxScore)} score={a.maxScore} />
            )}
          </td>
          <td className="nowrap">
            <Cves advisory={a} />
          </td>
          <td className="cell-wrap">
            <VendorsProducts advisory={a} />
          </td>
          <td className="nowrap">
            <CalendarDate value={utcDay(a.currentReleaseDate)} />
            {utcDay(a.currentReleaseDate) !== utcDay(a.initialReleaseDate) ? (
              <div className="muted small">
                first <CalendarDate value={utcDay(a.initialReleaseDate)} />
              </div>
            ) : null}
          </td>
        </>
      )}
    />
  );
}
