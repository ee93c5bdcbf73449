// /admin/applications: the operator's queue of membership applications, with approve and reject.
import { useState, type FormEvent } from 'react';
import { orgKindLabels } from '../../shared/vocabulary.ts';
import { useApplications, useDecideApplication } from '../api/membership.ts';
import type { ApplicationItem, ApplicationStatus } from '../api/types.ts';
import { DateTime } from '../components/date-time.tsx';
import { SelectField, TextAreaField } from '../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../components/messages.tsx';
import { QueryView } from '../components/query-view.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

/** One application card with its decision buttons. */
function ApplicationCard({ item, onDecided }: { item: ApplicationItem; onDecided: (text: string) => void }) {
  const decide = useDecideApplication();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const headingId = `application-${item.id}`;
  const approve = () =>
    decide.mutate({ id: item.id, decision: 'approve' }, { onSuccess: () => onDecided(`${item.organisation.name} was approved.`) });
  const reject = (event: FormEvent) => {
    event.preventDefault();
    decide.mutate(
      { id: item.id, decision: 'reject', reason: reason.trim() },
      { onSuccess: () => onDecided(`${item.organisation.name} was rejected.`) },
    );
  };
  return (
    <article className="panel application" aria-labelledby={headingId} data-testid={`application-${item.id}`}>
      <div className="panel-head">
        <h2 id={headingId}>{item.organisation.name}</h2>
        <span className="pill">{orgKindLabels[item.organisation.kind]}</span>
      </div>
      <dl className="details">
        <dt>Applicant</dt>
        <dd>
          {item.applicant.name} (<a href={`mailto:${item.applicant.email}`}>{item.applicant.email}</a>)
        </dd>
        <dt>Country</dt>
        <dd>{item.organisation.country ?? '—'}</dd>
        <dt>Website</dt>
        <dd>
          {item.organisation.website ? (
            <a href={item.organisation.website} rel="noopener noreferrer" target="_blank">
              {item.organisation.website}
            </a>
          ) : (
            '—'
          )}
        </dd>
        <dt>Submitted</dt>
        <dd>
          <DateTime value={item.createdAt} />
        </dd>
        <dt>Agreement</dt>
        <dd>
          {item.agreementVersion ? (
            <>
              Version {item.agreementVersion}, accepted <DateTime value={item.agreementAcceptedAt} />
            </>
          ) : (
            <span className="text-danger">Not accepted</span>
          )}
        </dd>
        {item.status !== 'pending' ? (
          <>
            <dt>Decided</dt>
            <dd>
              <span className="capitalize">{item.status}</span> <DateTime value={item.decidedAt} />
              {item.reason ? ` — ${item.reason}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {item.message ? <blockquote className="message">{item.message}</blockquote> : null}
      <ErrorBanner title="The decision was not saved." error={decide.error} />
      {item.status === 'pending' && !rejecting ? (
        <div className="actions">
          <button type="button" className="button button-primary" onClick={approve} disabled={decide.isPending}>
            Approve
          </button>
          <button type="button" className="button button-danger-outline" onClick={() => setRejecting(true)} disabled={decide.isPending}>
            Reject
          </button>
        </div>
      ) : null}
      {item.status === 'pending' && rejecting ? (
        <form className="form subform" onSubmit={reject}>
          <TextAreaField
            label="Reason for rejection"
            required
            rows={3}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            hint="Sent to the applicant."
            autoFocus
          />
          <div className="actions">
            <button type="submit" className="button button-danger" disabled={decide.isPending || !reason.trim()}>
              Reject application
            </button>
            <button type="button" className="button" onClick={() => setRejecting(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </article>
  );
}

/** The applications queue page. */
export function AdminApplicationsPage() {
  usePageTitle('Applications');
  const [status, setStatus] = useState<ApplicationStatus>('pending');
  const [done, setDone] = useState<string | null>(null);
  const applications = useApplications(status);
  return (
    <div className="page">
      <div className="title-row">
        <h1>Membership applications</h1>
        <SelectField label="Show" value={status} onChange={(e) => setStatus(e.target.value as ApplicationStatus)}>
          <option value="pending">Pending</option>
          <option value="approved">Approved</option>
          <option value="rejected">Rejected</option>
        </SelectField>
      </div>
      {done ? <SuccessMessage>{done}</SuccessMessage> : null}
      <QueryView query={applications} what="applications">
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">{status === 'pending' ? 'No applications are waiting for review.' : `No ${status} applications.`}</p>
          ) : (
            <div className="stack">
              {data.items.map((item) => (
                <ApplicationCard key={item.id} item={item} onDecided={setDone} />
              ))}
            </div>
          )
        }
      </QueryView>
    </div>
  );
}
