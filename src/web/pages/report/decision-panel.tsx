// The coordinator's decision on a report: accept, ask for more information (a question the reporter reads), reject (a
// reason the reporter reads) or merge into another report of the queue.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { type DecisionBody, type ReportDetail, useDecideReport, useReportQueue } from '../../api/reports.ts';
import { DateTime } from '../../components/date-time.tsx';
import { SelectField, TextAreaField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { isOpen, statusLabels } from './report-labels.ts';

type Decision = DecisionBody['decision'];

const forms: Record<Decision, { button: string; label: string; hint: string; required: boolean; done: string }> = {
  accept: {
    button: 'Accept the report',
    label: 'Message to the reporter (optional)',
    hint: 'The reporter is told the ISAO now coordinates with the manufacturer; add anything else they should know.',
    required: false,
    done: 'The report was accepted. The reporter sees it on the tracking page.',
  },
  needs_info: {
    button: 'Ask the reporter',
    label: 'Your question to the reporter',
    hint: 'The reporter reads this on the tracking page (and gets an email if they gave an address). The report goes back to the queue when they answer.',
    required: true,
    done: 'The question was sent to the reporter.',
  },
  reject: {
    button: 'Reject the report',
    label: 'Reason (the reporter reads it)',
    hint: 'Explain why, in words the reporter understands: they read this reason on the tracking page and can no longer reply.',
    required: true,
    done: 'The report was rejected. The reporter sees the reason on the tracking page.',
  },
  merge: {
    button: 'Merge',
    label: 'Message to the reporter (optional)',
    hint: 'The reporter is told the report was merged into another one on the same problem; they do not see which.',
    required: false,
    done: 'The report was merged.',
  },
};

/** The reports this one may be merged into: its possible duplicates first, then the queue (not merged ones). */
function MergeTarget({ report, value, onChange }: { report: ReportDetail; value: string; onChange: (id: string) => void }) {
  const queue = useReportQueue();
  const duplicates = new Set(report.possibleDuplicates.map((d) => d.id));
  const targets = (queue.data?.items ?? []).filter((r) => r.id !== report.id && r.status !== 'merged' && !duplicates.has(r.id));
  return (
    <SelectField label="Merge into" name="mergeInto" value={value} onChange={(e) => onChange(e.target.value)} required>
      <option value="">{queue.isPending ? 'Loading the reports…' : 'Choose a report'}</option>
      {report.possibleDuplicates.length ? (
        <optgroup label="Possible duplicates">
          {report.possibleDuplicates.map((d) => (
            <option key={d.id} value={d.id}>
              {d.reference} — {d.title}
            </option>
          ))}
        </optgroup>
      ) : null}
      <optgroup label="The queue">
        {targets.map((r) => (
          <option key={r.id} value={r.id}>
            {r.reference} — {r.title} ({statusLabels[r.status]})
          </option>
        ))}
      </optgroup>
    </SelectField>
  );
}

function DecisionForm({ report, decision, onClose }: { report: ReportDetail; decision: Decision; onClose: (done: string | null) => void }) {
  const decide = useDecideReport(report.id);
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState('');
  const spec = forms[decision];
  const missing = (spec.required && !reason.trim()) || (decision === 'merge' && !target) || reason.trim().length > 5000;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (missing) return;
    const body: DecisionBody = { decision, reason: reason.trim(), ...(decision === 'merge' ? { mergeInto: target } : {}) };
    decide.mutate(body, { onSuccess: () => onClose(spec.done) });
  };
  return (
    <form className="form decision-form" onSubmit={submit} aria-label={spec.button}>
      {decision === 'merge' ? <MergeTarget report={report} value={target} onChange={setTarget} /> : null}
      <TextAreaField
        label={spec.label}
        name="reason"
        rows={4}
        required={spec.required}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        hint={reason.trim().length > 5000 ? 'At most 5,000 characters.' : spec.hint}
        autoFocus
      />
      <ErrorBanner title="The decision was not saved." error={decide.error} />
      <div className="actions">
        <button
          type="submit"
          className={decision === 'reject' ? 'button button-danger' : 'button button-primary'}
          disabled={decide.isPending || missing}
        >
          {decide.isPending ? 'Saving…' : spec.button}
        </button>
        <button type="button" className="button" onClick={() => onClose(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** From an accepted report to its disclosure case, or to opening one for it. */
function CaseLink({ report }: { report: ReportDetail }) {
  if (report.caseId) {
    return (
      <p className="decision-case">
        A disclosure case coordinates this report.{' '}
        <Link to={`/cases/${report.caseId}`} className="button button-small">
          Open case
        </Link>
      </p>
    );
  }
  return (
    <p className="decision-case">
      Next: coordinate the disclosure with the manufacturer.{' '}
      <Link to={`/cases/new?report=${encodeURIComponent(report.id)}`} className="button button-small button-primary">
        Open a disclosure case
      </Link>
    </p>
  );
}

export function DecisionPanel({ report }: { report: ReportDetail }) {
  const [decision, setDecision] = useState<Decision | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const open = isOpen(report.status);
  const choices: { key: Decision; label: string; className: string }[] = open
    ? [
        { key: 'accept', label: 'Accept', className: 'button button-primary' },
        { key: 'needs_info', label: 'Ask for more information', className: 'button' },
        { key: 'reject', label: 'Reject', className: 'button button-danger-outline' },
        { key: 'merge', label: 'Merge into…', className: 'button' },
      ]
    : report.status === 'accepted'
      ? [{ key: 'merge', label: 'Merge into…', className: 'button' }]
      : [];
  return (
    <section className="panel decision-panel" aria-labelledby="decision-title">
      <h2 id="decision-title">Decision</h2>
      {done ? <SuccessMessage>{done}</SuccessMessage> : null}
      {report.triagedAt ? (
        <p>
          {statusLabels[report.status]} by {report.triagedBy ?? 'a coordinator'}, <DateTime value={report.triagedAt} />.
          {report.mergedInto ? (
            <>
              {' '}
              Merged into <Link to={`/triage/${report.mergedInto.id}`}>{report.mergedInto.reference}</Link>.
            </>
          ) : null}
        </p>
      ) : report.status === 'needs_info' ? (
        <p>Waiting for the reporter to answer your question.</p>
      ) : (
        <p className="muted">Not decided yet.</p>
      )}
      {report.decisionReason && !open ? <blockquote className="reason">{report.decisionReason}</blockquote> : null}
      {report.status === 'accepted' ? <CaseLink report={report} /> : null}
      {decision ? (
        <DecisionForm
          key={decision}
          report={report}
          decision={decision}
          onClose={(text) => {
            setDecision(null);
            setDone(text);
          }}
        />
      ) : choices.length ? (
        <div className="actions decision-buttons">
          {choices.map((c) => (
            <button
              key={c.key}
              type="button"
              className={c.className}
              onClick={() => {
                setDone(null);
                setDecision(c.key);
              }}
            >
              {c.label}
            </button>
          ))}
        </div>
      ) : (
        <p className="hint">This decision is final.</p>
      )}
    </section>
  );
}
