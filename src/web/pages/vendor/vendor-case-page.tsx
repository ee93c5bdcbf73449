// /vendor/cases/:id: an external vendor's part of a case, through the session its one-time link opened. It shows the
// case (reference, title, summary, phase, embargo), each vulnerability with the vendor's own statement on it, and its
// thread with the coordinators; never another vendor, the reports or the reporter.
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { type VendorCaseView, useSaveVendorStatement, useVendorCase, useVendorSignOut } from '../../api/vendor-access.ts';
import type { CaseVulnerability } from '../../api/cases.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ErrorBanner, InfoBox, Loading, SuccessMessage } from '../../components/messages.tsx';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { caseStateLabels, vendorStatusLabels } from '../case/case-labels.ts';
import { CaseStateBadge } from '../case/case-state.tsx';
import { EmbargoLine } from '../case/embargo-panel.tsx';
import { StatementForm } from '../case/statement-form.tsx';
import { VulnerabilityView } from '../case/vulnerabilities-section.tsx';
import { VendorDiscussion } from './vendor-discussion.tsx';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function Answer({ view, v, label }: { view: VendorCaseView; v: CaseVulnerability; label: string }) {
  const save = useSaveVendorStatement(view, v.id);
  const statement = view.statements.find((s) => s.vulnerabilityId === v.id);
  if (view.state === 'closed') {
    return statement ? (
      <p>
        Your answer:{' '}
        <span className={`${vendorStatusLabels[statement.status].pill} pill-tight`}>{vendorStatusLabels[statement.status].label}</span>
      </p>
    ) : (
      <p className="muted">You did not answer before the case was closed.</p>
    );
  }
  return (
    <div className="vendor-answer">
      <h4>Your answer on {label}</h4>
      {statement ? (
        <p className="small muted">
          Last answered <DateTime value={statement.updatedAt} />
          {statement.updatedBy ? ` by ${statement.updatedBy}` : ''}.
        </p>
      ) : (
        <p className="small">
          <span className="pill pill-tight case-no-answer">No answer yet</span> The coordinators are waiting for your statement.
        </p>
      )}
      <StatementForm save={save} vulnerability={v} label={label} statement={statement} />
    </div>
  );
}

function VendorCase({ view, onSignedOut }: { view: VendorCaseView; onSignedOut: () => void }) {
  const signOut = useVendorSignOut(view);
  const vulnerabilities = [...view.vulnerabilities].sort((a, b) => a.position - b.position);
  const missing = vulnerabilities.filter((v) => !view.statements.some((s) => s.vulnerabilityId === v.id)).length;
  return (
    <>
      <div className="title-row">
        <h1>
          <span className="report-ref case-ref">{view.reference}</span> {view.title}
        </h1>
        <CaseStateBadge state={view.state} />
      </div>
      <p className="muted report-sub">
        For <strong>{view.vendor.orgName}</strong> · {view.vendor.contactName ? `${view.vendor.contactName}, ` : ''}
        {view.vendor.contactEmail} · access in this browser until <DateTime value={view.access.expiresAt} />{' '}
        <button type="button" className="button-link" onClick={() => signOut.mutate(undefined, { onSuccess: onSignedOut })}>
          Sign out
        </button>
      </p>
      <ErrorBanner title="Could not sign out." error={signOut.error} />
      {view.summary ? <p className="lead prewrap case-summary">{view.summary}</p> : null}
      <InfoBox title="What the ISAO asks of you">
        For each vulnerability below, tell the coordinators whether your products are affected, which versions, and which version fixes it.
        Your answers go into the advisory the ISAO publishes when the embargo ends. Other vendors, if any, never see your answers.
      </InfoBox>
      <section className="panel" aria-labelledby="vendor-phase-title">
        <h2 id="vendor-phase-title">
          Phase: {caseStateLabels[view.state].label}
          <span className="case-phase-words"> — {caseStateLabels[view.state].phase}</span>
        </h2>
        {view.embargoUntil ? (
          <>
            <p>Planned publication (embargo): keep the vulnerability confidential until then.</p>
            <EmbargoLine until={view.embargoUntil} zone={browserZone()} />
          </>
        ) : (
          <p className="muted">No publication date is set yet. Keep the vulnerability confidential until the ISAO publishes it.</p>
        )}
      </section>
      <section className="panel" aria-labelledby="vendor-vulns-title">
        <div className="panel-head">
          <h2 id="vendor-vulns-title">
            Vulnerabilities <span className="tab-count">{vulnerabilities.length}</span>
          </h2>
          {vulnerabilities.length && view.state !== 'closed' ? (
            missing ? (
              <span className="pill pill-warn">{missing} waiting for your answer</span>
            ) : (
              <span className="pill pill-ok">All answered</span>
            )
          ) : null}
        </div>
        {view.state === 'closed' ? <p className="hint">The case is closed: statements can no longer change.</p> : null}
        {vulnerabilities.length === 0 ? <p className="empty">The coordinators have not described a vulnerability yet.</p> : null}
        {vulnerabilities.map((v, i) => (
          <article key={v.id} className="case-statement" aria-label={`V${i + 1} ${v.title}`}>
            <VulnerabilityView v={v} label={`V${i + 1}`} />
            <Answer view={view} v={v} label={`V${i + 1}`} />
          </article>
        ))}
      </section>
      <VendorDiscussion view={view} />
    </>
  );
}

/** The page. */
export function VendorCasePage() {
  const id = useParams().id ?? '';
  const found = useVendorCase(id);
  const [signedOut, setSignedOut] = useState(false);
  usePageTitle(found.data ? `${found.data.reference} ${found.data.title}` : 'Disclosure case');
  if (signedOut) {
    return (
      <div className="page narrow">
        <SuccessMessage>You signed out. To open the case again, ask the ISAO for a new link.</SuccessMessage>
      </div>
    );
  }
  if (found.data) {
    return (
      <div className="page vendor-case">
        <VendorCase view={found.data} onSignedOut={() => setSignedOut(true)} />
      </div>
    );
  }
  if (found.error) {
    const status = found.error instanceof ApiError ? found.error.status : 0;
    return (
      <div className="page narrow">
        <h1>Disclosure case</h1>
        <ErrorBanner
          title={
            status === 401
              ? 'You have no access to this case in this browser.'
              : status === 404
                ? 'There is no such case for your access.'
                : 'Could not load the case.'
          }
          error={found.error}
          onRetry={status === 401 || status === 404 ? undefined : () => void found.refetch()}
        />
      </div>
    );
  }
  return <Loading what="Loading the case" />;
}
