// /cases: the disclosure cases this person may see — every case for ISAO staff, the cases their organisation is a
// vendor in for people of manufacturers — with the ISO/IEC 30111 phase, counts and, for staff, unanswered statements.
import { Link } from 'react-router-dom';
import { type CaseSummary, useCases } from '../api/cases.ts';
import { DataTable } from '../components/data-table.tsx';
import { DateTime } from '../components/date-time.tsx';
import { useCurrentMe } from '../components/me-context.tsx';
import { QueryView } from '../components/query-view.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { isCaseStaff } from './case/case-access.ts';
import { CaseStateBadge } from './case/case-state.tsx';

function CasesTable({ items, staff }: { items: CaseSummary[]; staff: boolean }) {
  // A vendor's people see only their own part of a case: no vendor count, no answers of others.
  const headers = ['Reference', 'Case', 'State', 'Vulnerabilities', ...(staff ? ['Vendors', 'Unanswered'] : []), 'Last change'];
  return (
    <DataTable
      items={items}
      rowKey={(c) => c.id}
      headers={headers}
      empty={
        staff ? 'No cases yet. Open one from an accepted vulnerability report.' : 'Your organisation is not part of any disclosure case.'
      }
      row={(c) => (
        <>
          <td className="nowrap">
            <Link to={`/cases/${c.id}`} className="report-ref">
              {c.reference}
            </Link>
          </td>
          <td className="cell-wrap">
            <Link to={`/cases/${c.id}`} className="cell-title">
              {c.title}
            </Link>
          </td>
          <td>
            <CaseStateBadge state={c.state} withPhase />
          </td>
          <td className="case-count">{c.vulnerabilities}</td>
          {staff ? <td className="case-count">{c.vendors}</td> : null}
          {staff ? (
            <td className="nowrap">
              {c.unansweredStatements ? (
                <span className="pill pill-warn pill-tight">{c.unansweredStatements} without answer</span>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
          ) : null}
          <td className="nowrap">
            <DateTime value={c.updatedAt} />
          </td>
        </>
      )}
    />
  );
}

/** The cases page. */
export function CasesPage() {
  usePageTitle('Disclosure cases');
  const me = useCurrentMe();
  const staff = isCaseStaff(me);
  const cases = useCases();
  return (
    <div className="page">
      <div className="title-row">
        <h1>Disclosure cases</h1>
        {staff ? (
          <Link to="/cases/new" className="button button-primary">
            New case
          </Link>
        ) : null}
      </div>
      <p className="lead">
        {staff
          ? 'Coordinated disclosure of verified vulnerabilities with the manufacturers concerned, phase by phase (ISO/IEC 30111).'
          : 'Vulnerabilities the ISAO coordinates with your organisation. Open a case to tell the coordinators whether your products are affected.'}
      </p>
      <section className="panel" aria-label="Cases">
        <QueryView query={cases} what="the cases">
          {(data) => <CasesTable items={data.items} staff={staff} />}
        </QueryView>
      </section>
    </div>
  );
}
