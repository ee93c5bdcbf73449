// "Your statements", for a vendor in a case: per vulnerability, whether its products are affected (under
// investigation / affected / not affected / fixed), a statement, affected and fixed versions. Other vendors are only
// counted, never named.
import { type CaseDetail, type CaseVendor, type CaseVulnerability, useSaveStatement } from '../../api/cases.ts';
import { DateTime } from '../../components/date-time.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { mayAnswer } from './case-access.ts';
import { vendorStatusLabels } from './case-labels.ts';
import { StatementForm } from './statement-form.tsx';
import { sortedVulnerabilities } from './vulnerabilities-section.tsx';

type Statement = CaseVendor['statements'][number];

function MemberStatementForm(props: { caseId: string; vulnerability: CaseVulnerability; label: string; statement: Statement | undefined }) {
  const save = useSaveStatement(props.caseId, props.vulnerability.id);
  return <StatementForm save={save} vulnerability={props.vulnerability} label={props.label} statement={props.statement} />;
}

function StatementReadOnly({ statement }: { statement: Statement | undefined }) {
  if (!statement) {
    return (
      <p className="small">
        <span className="pill pill-tight case-no-answer">No answer</span> Your organisation has not answered.
      </p>
    );
  }
  const info = vendorStatusLabels[statement.status];
  return (
    <dl className="details">
      <dt>Status</dt>
      <dd>
        <span className={`${info.pill} pill-tight`}>{info.label}</span>
      </dd>
      <dt>Product</dt>
      <dd>{statement.product || <span className="muted">Not named</span>}</dd>
      <dt>Statement</dt>
      <dd className="prewrap">{statement.statement || <span className="muted">None</span>}</dd>
      <dt>Affected versions</dt>
      <dd>{statement.affectedVersions || <span className="muted">None given</span>}</dd>
      <dt>Fixed versions</dt>
      <dd>{statement.fixedVersions || <span className="muted">None given</span>}</dd>
    </dl>
  );
}

function otherVendorsLine(count: number): string {
  if (count === 0) return 'No other vendor is part of this case.';
  return count === 1 ? '1 other vendor is part of this case.' : `${count} other vendors are part of this case.`;
}

/** The "Your statements" panel (vendors). */
export function StatementsSection({ detail }: { detail: CaseDetail }) {
  const me = useCurrentMe();
  const mine = detail.vendors.find((v) => v.orgId === me.organisation.id) ?? detail.vendors[0];
  const writable = mayAnswer(me) && detail.state !== 'closed';
  const vulnerabilities = sortedVulnerabilities(detail);
  const byVulnerability = new Map((mine?.statements ?? []).map((s) => [s.vulnerabilityId, s]));
  const missing = vulnerabilities.filter((v) => !byVulnerability.has(v.id)).length;
  return (
    <section className="panel" aria-labelledby="case-statements-title">
      <div className="panel-head">
        <h2 id="case-statements-title">Your statements</h2>
        {vulnerabilities.length && detail.state !== 'closed' ? (
          missing ? (
            <span className="pill pill-warn">{missing} waiting for your answer</span>
          ) : (
            <span className="pill pill-ok">All answered</span>
          )
        ) : null}
      </div>
      <p>
        {mine ? (
          <>
            {me.organisation.name} was told about this case <DateTime value={mine.notifiedAt} />.{' '}
          </>
        ) : null}
        {otherVendorsLine(detail.otherVendorCount)} They do not see your statements, and you do not see theirs.
      </p>
      {!writable ? (
        <p className="hint">
          {detail.state === 'closed'
            ? 'The case is closed: statements can no longer change.'
            : 'Your role is read-only: someone else of your organisation answers.'}
        </p>
      ) : null}
      {vulnerabilities.length === 0 ? <p className="empty">The coordinators have not described a vulnerability yet.</p> : null}
      {vulnerabilities.map((v, i) => {
        const statement = byVulnerability.get(v.id);
        const label = `V${i + 1}`;
        return (
          <article key={v.id} className="case-statement" aria-label={`${label} ${v.title}`}>
            <h3>
              <span className="case-vuln-label">{label}</span> {v.title}
            </h3>
            {statement ? (
              <p className="small muted">
                Last answered <DateTime value={statement.updatedAt} />
                {statement.updatedBy ? ` by ${statement.updatedBy}` : ''}.
              </p>
            ) : writable ? (
              <p className="small">
                <span className="pill pill-tight case-no-answer">No answer yet</span> The coordinators are waiting for your statement.
              </p>
            ) : null}
            {writable ? (
              <MemberStatementForm caseId={detail.id} vulnerability={v} label={label} statement={statement} />
            ) : (
              <StatementReadOnly statement={statement} />
            )}
          </article>
        );
      })}
    </section>
  );
}
