// /triage (ISAO coordinators and platform admins): the vulnerability reports received through the public form, open
// ones first (overdue first), with their service-level targets, markers and unread replies; the status tab is kept in
// the address (?status=).
import { Link, useSearchParams } from 'react-router-dom';
import { type ReportStatus, useReportQueue } from '../api/reports.ts';
import { useCurrentMe } from '../components/me-context.tsx';
import { QueryView } from '../components/query-view.tsx';
import { Tabs } from '../components/tabs.tsx';
import { hasAnyRole, isActiveMember } from '../lib/roles.ts';
import { browserTimeZone } from '../lib/time.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { ProgramPanel } from './report/program-panel.tsx';
import { reportStatusList, statusLabels } from './report/report-labels.ts';
import { TriageTable } from './report/triage-table.tsx';

type TabKey = ReportStatus | 'all';

const emptyText: Record<TabKey, string> = {
  all: 'No reports yet. They arrive through the public form at /report.',
  received: 'No report is waiting for triage.',
  needs_info: 'No report is waiting for the reporter.',
  accepted: 'No accepted reports.',
  rejected: 'No rejected reports.',
  merged: 'No merged reports.',
};

function Queue({ status }: { status: TabKey }) {
  const queue = useReportQueue(status === 'all' ? undefined : status);
  return (
    <QueryView query={queue} what="the reports">
      {(data) => <TriageTable items={data.items} empty={emptyText[status]} />}
    </QueryView>
  );
}

/** The triage page. */
export function TriagePage() {
  usePageTitle('Vulnerability reports');
  const me = useCurrentMe();
  const [params, setParams] = useSearchParams();
  const asked = params.get('status');
  const selected: TabKey = reportStatusList.includes(asked as ReportStatus) ? (asked as ReportStatus) : 'all';
  const all = useReportQueue();
  const counts = new Map<TabKey, number>();
  for (const item of all.data?.items ?? []) counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
  const overdue = (all.data?.items ?? []).filter((r) => r.sla.overdue).length;
  const unread = (all.data?.items ?? []).reduce((n, r) => n + r.unreadFromReporter, 0);
  const canEdit = isActiveMember(me) && me.organisation.kind === 'operator' && hasAnyRole(me, ['platform_admin']);
  const tabs = (['all', ...reportStatusList] as TabKey[]).map((key) => ({
    key,
    label: (
      <>
        {key === 'all' ? 'All' : statusLabels[key]}
        {key !== 'all' && all.data ? <span className="tab-count">{counts.get(key) ?? 0}</span> : null}
      </>
    ),
    panel: <Queue status={key} />,
  }));
  return (
    <div className="page">
      <div className="title-row">
        <h1>Vulnerability reports</h1>
        <Link to="/report" className="button button-small">
          Open the public report form
        </Link>
      </div>
      <p className="lead">
        Reports from researchers and anyone else, sent without an account. Acknowledge and triage them within the service levels; times are
        shown in your time zone ({browserTimeZone()}).
      </p>
      {all.data && (overdue > 0 || unread > 0) ? (
        <p className="queue-alerts" role="status">
          {overdue > 0 ? <span className="pill pill-bad">{overdue} overdue</span> : null}
          {unread > 0 ? (
            <span className="pill pill-warn">
              {unread} unread {unread === 1 ? 'reply' : 'replies'} from reporters
            </span>
          ) : null}
        </p>
      ) : null}
      <section className="panel" aria-label="Reports">
        <Tabs
          label="Report status"
          tabs={tabs}
          selected={selected}
          onSelect={(key) => setParams(key === 'all' ? {} : { status: key }, { replace: true })}
        />
      </section>
      <ProgramPanel canEdit={canEdit} />
    </div>
  );
}
