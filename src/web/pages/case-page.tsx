// /cases/:id: one disclosure case. Everyone in it sees the header, the ISO/IEC 30111 phases and the vulnerabilities;
// ISAO staff move it through the phases, edit it, add vulnerabilities and vendors and follow the vendors' answers; a
// vendor answers for its own organisation and learns only how many other vendors there are. Everyone sees the embargo,
// what changed since their last visit and their discussion thread(s); ISAO staff draft and publish the advisory. The
// change log closes it.
import { Link, useParams } from 'react-router-dom';
import { type CaseDetail, type CaseState, useCase, useCaseThreads } from '../api/cases.ts';
import { DateTime } from '../components/date-time.tsx';
import { QueryView } from '../components/query-view.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { AdvisorySection } from './case/advisory-section.tsx';
import { CaseEdit } from './case/case-edit.tsx';
import { CaseEvents } from './case/case-events.tsx';
import { caseStateLabels } from './case/case-labels.ts';
import { CaseNews, useVisitNews } from './case/case-news.tsx';
import { CaseStateBadge, CaseStepper } from './case/case-state.tsx';
import { DiscussionSection } from './case/discussion-section.tsx';
import { EmbargoPanel } from './case/embargo-panel.tsx';
import { StatementsSection } from './case/statements-section.tsx';
import { TransitionControls } from './case/transition-panel.tsx';
import { VendorsSection } from './case/vendors-section.tsx';
import { VulnerabilitiesSection } from './case/vulnerabilities-section.tsx';

/** The phase a closed case was closed in, from its change log. */
function closedIn(detail: CaseDetail): CaseState | null {
  if (detail.state !== 'closed') return null;
  for (const event of [...detail.events].sort((a, b) => b.position - a.position)) {
    const to = event.detail['to'] ?? event.detail['state'];
    const from = event.detail['from'];
    if (to === 'closed' && typeof from === 'string' && from in caseStateLabels) return from as CaseState;
  }
  return null;
}

function Reports({ detail }: { detail: CaseDetail }) {
  if (detail.reports.length === 0) return null;
  const staff = detail.myRole === 'coordinator';
  return (
    <>
      {' '}
      · from{' '}
      {detail.reports.map((r, i) => (
        <span key={r.id}>
          {i > 0 ? ', ' : ''}
          {staff ? (
            <Link to={`/triage/${r.id}`} className="report-ref" title={r.title}>
              {r.reference}
            </Link>
          ) : (
            <span className="report-ref">{r.reference}</span>
          )}
          {r.encrypted ? (
            <span className="pill pill-pgp pill-tight case-report-pgp" title="The report arrived OpenPGP-encrypted">
              encrypted
            </span>
          ) : null}
        </span>
      ))}
    </>
  );
}

function CaseView({ detail }: { detail: CaseDetail }) {
  const staff = detail.myRole === 'coordinator';
  const threads = useCaseThreads(detail.id);
  const news = useVisitNews(detail, threads.data, threads.isFetching);
  const unread = threads.data?.threads.reduce((n, t) => n + t.unread, 0) ?? 0;
  return (
    <>
      <div className="title-row">
        <h1>
          <span className="report-ref case-ref">{detail.reference}</span> {detail.title}
        </h1>
        <CaseStateBadge state={detail.state} />
      </div>
      <p className="muted report-sub">
        Opened <DateTime value={detail.createdAt} /> · last change <DateTime value={detail.updatedAt} />
        <Reports detail={detail} />
      </p>
      <CaseNews news={news} unreadMessages={unread} />
      {detail.summary ? <p className="lead prewrap case-summary">{detail.summary}</p> : null}
      <EmbargoPanel detail={detail} />
      <section className="panel" aria-labelledby="case-phase-title">
        <h2 id="case-phase-title">
          Phase: {caseStateLabels[detail.state].label}
          <span className="case-phase-words"> — {caseStateLabels[detail.state].phase}</span>
        </h2>
        <CaseStepper state={detail.state} closedIn={closedIn(detail)} />
        {staff ? <TransitionControls detail={detail} /> : null}
        {staff ? <CaseEdit detail={detail} /> : null}
      </section>
      <VulnerabilitiesSection detail={detail} />
      {staff ? <VendorsSection detail={detail} /> : <StatementsSection detail={detail} />}
      <DiscussionSection detail={detail} threads={threads.data} />
      {staff ? <AdvisorySection detail={detail} /> : null}
      <CaseEvents detail={detail} fresh={news?.positions} />
    </>
  );
}

/** The case page. */
export function CasePage() {
  const id = useParams().id ?? '';
  const found = useCase(id);
  usePageTitle(found.data ? `${found.data.reference} ${found.data.title}` : 'Disclosure case');
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/cases">Disclosure cases</Link>
      </p>
      <QueryView query={found} what="the case" notFound="There is no such case, or your organisation is not part of it.">
        {(detail) => <CaseView key={detail.id} detail={detail} />}
      </QueryView>
    </div>
  );
}
