// /cases/new (ISAO staff): opens a disclosure case for one or more accepted vulnerability reports. ?report=<id>
// pre-selects a report (the link from an accepted report) and takes its title as a starting point. Accepted reports
// that a case already coordinates are not offered again.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useCreateCase } from '../api/cases.ts';
import { type ReportSummary, useReportQueue } from '../api/reports.ts';
import { DateTime } from '../components/date-time.tsx';
import { CheckboxField, TextAreaField, TextField } from '../components/fields.tsx';
import { ErrorBanner, InfoBox } from '../components/messages.tsx';
import { QueryView } from '../components/query-view.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

const MAX_REPORTS = 20;

function ReportChoices({
  items,
  chosen,
  onToggle,
}: {
  items: ReportSummary[];
  chosen: readonly string[];
  onToggle: (report: ReportSummary, on: boolean) => void;
}) {
  if (items.length === 0) {
    return (
      <p className="empty">
        No accepted report is waiting. You can open the case without one, or accept a report in <Link to="/triage">triage</Link> first.
      </p>
    );
  }
  return (
    <div className="case-report-choices">
      {items.map((r) => (
        <CheckboxField
          key={r.id}
          name="reportIds"
          value={r.id}
          checked={chosen.includes(r.id)}
          disabled={!chosen.includes(r.id) && chosen.length >= MAX_REPORTS}
          onChange={(e) => onToggle(r, e.target.checked)}
          label={
            <>
              <span className="report-ref">{r.reference}</span> {r.title}
            </>
          }
          hint={
            <>
              {r.vendorName} · {r.productName}
              {r.productVersion ? ` ${r.productVersion}` : ''} · received <DateTime value={r.receivedAt} dateOnly />
            </>
          }
        />
      ))}
    </div>
  );
}

/** The new-case page. */
export function CaseNewPage() {
  usePageTitle('New disclosure case');
  const [params] = useSearchParams();
  const preselected = params.get('report');
  const navigate = useNavigate();
  const accepted = useReportQueue('accepted');
  const create = useCreateCase();
  const [chosen, setChosen] = useState<string[]>(preselected ? [preselected] : []);
  const [title, setTitle] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  // Reports already coordinated in a case are not offered again.
  const waiting = accepted.data?.items.filter((r) => r.caseId === null);
  const taken = accepted.data?.items.find((r) => r.id === preselected && r.caseId !== null);
  const fromReport = waiting?.find((r) => r.id === preselected)?.title ?? '';
  const shownTitle = title ?? fromReport;
  const missing = shownTitle.trim().length < 5;
  const toggle = (report: ReportSummary, on: boolean) => {
    setChosen((ids) => (on ? [...ids, report.id] : ids.filter((id) => id !== report.id)));
    if (on && title === null && !fromReport) setTitle(report.title);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (missing) return;
    create.mutate(
      {
        title: shownTitle.trim(),
        summary: summary.trim(),
        reportIds: waiting ? chosen.filter((id) => waiting.some((r) => r.id === id)) : chosen,
      },
      { onSuccess: (detail) => void navigate(`/cases/${detail.id}`) },
    );
  };
  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to="/cases">Disclosure cases</Link>
      </p>
      <h1>New disclosure case</h1>
      <p className="lead">
        A case coordinates the disclosure of one or more vulnerabilities with the manufacturers concerned. After opening it, add the
        vulnerabilities and the vendors; the vendors’ people are told by email.
      </p>
      {taken?.caseId ? (
        <InfoBox title={`${taken.reference} already has a case.`}>
          <p>
            A disclosure case already coordinates this report: <Link to={`/cases/${taken.caseId}`}>open that case</Link>.
          </p>
        </InfoBox>
      ) : null}
      <form className="form panel" onSubmit={submit} aria-label="New disclosure case">
        <fieldset>
          <legend>Accepted reports this case coordinates</legend>
          <QueryView query={accepted} what="the accepted reports">
            {() => <ReportChoices items={waiting ?? []} chosen={chosen} onToggle={toggle} />}
          </QueryView>
        </fieldset>
        <TextField
          label="Title"
          name="title"
          value={shownTitle}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={200}
          required
          hint="What and where, for example “Unauthenticated telemetry write in the PaceLink programmer”. At least 5 characters."
        />
        <TextAreaField
          label="Summary (optional)"
          name="summary"
          rows={5}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          maxLength={10_000}
          hint="What is known so far. Every vendor in the case reads it."
        />
        <ErrorBanner title="The case was not opened." error={create.error} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={create.isPending || missing}>
            {create.isPending ? 'Opening…' : 'Open the case'}
          </button>
          <Link to="/cases" className="button">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
