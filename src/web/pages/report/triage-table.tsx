// The triage queue as a table: reference, report and its markers, what is affected, received, status, the next
// service-level target (overdue ones highlighted) and unread replies from the reporter.
import { Link } from 'react-router-dom';
import type { ReportSummary } from '../../api/reports.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { dueAt, statusLabels, statusPill, targetVerbs } from './report-labels.ts';

/** Exploited, publicly known, encrypted and possible-duplicate markers. */
export function ReportMarkers({ report }: { report: ReportSummary }) {
  const duplicates = report.possibleDuplicates;
  return (
    <span className="report-markers">
      {report.exploited === 'yes' ? <span className="pill pill-bad pill-tight">Exploited</span> : null}
      {report.publiclyKnown === 'yes' ? <span className="pill pill-warn pill-tight">Publicly known</span> : null}
      {report.encrypted ? (
        <span className="pill pill-pgp pill-tight" title="The report arrived OpenPGP-encrypted">
          Encrypted
        </span>
      ) : null}
      {duplicates.length ? (
        <span className="pill pill-warn pill-tight" title={`Similar to ${duplicates.map((d) => d.reference).join(', ')}`}>
          Possible duplicate of{' '}
          <span className="nowrap">{duplicates.length === 1 ? duplicates[0]!.reference : `${duplicates.length} reports`}</span>
        </span>
      ) : null}
    </span>
  );
}

/** "Acknowledge by 12 Mar 2025, 14:05", overdue marked; a dash once every target is met or the report is decided. */
export function NextTarget({ sla }: { sla: ReportSummary['sla'] }) {
  if (!sla.next) return <span className="muted">—</span>;
  return (
    <span className={sla.overdue ? 'sla sla-overdue' : 'sla'}>
      {sla.overdue ? <strong className="sla-flag">Overdue: </strong> : null}
      {targetVerbs[sla.next]} by <DateTime value={dueAt(sla, sla.next)} />
    </span>
  );
}

export function TriageTable({ items, empty }: { items: ReportSummary[]; empty: string }) {
  return (
    <DataTable
      items={items}
      rowKey={(r) => r.id}
      empty={empty}
      headers={['Reference', 'Report', 'Affected', 'Received', 'Status', 'Next target', 'Replies']}
      rowClassName={(r) => (r.sla.overdue ? 'row-overdue' : undefined)}
      row={(r) => (
        <>
          <td className="nowrap">
            <Link to={`/triage/${r.id}`} className="report-ref">
              {r.reference}
            </Link>
          </td>
          <td className="cell-report">
            <Link to={`/triage/${r.id}`} className="cell-title">
              {r.title}
            </Link>
            <ReportMarkers report={r} />
          </td>
          <td className="cell-wrap">
            {r.vendorName}
            {r.vendorOrgId ? <span className="pill pill-tight pill-member">member</span> : null}
            <div className="muted small">
              {r.productName}
              {r.productVersion ? ` ${r.productVersion}` : ''}
            </div>
          </td>
          <td className="nowrap">
            <DateTime value={r.receivedAt} />
          </td>
          <td className="nowrap">
            <span className={statusPill[r.status]}>{statusLabels[r.status]}</span>
          </td>
          <td>
            <NextTarget sla={r.sla} />
          </td>
          <td className="nowrap">
            {r.unreadFromReporter > 0 ? (
              <span className="pill pill-bad">{r.unreadFromReporter} new</span>
            ) : (
              <span className="muted">—</span>
            )}
          </td>
        </>
      )}
    />
  );
}
