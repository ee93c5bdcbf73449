// "Your statements", for a vendor in a case: per vulnerability, whether its products are affected (under
// investigation / affected / not affected / fixed), a statement, affected and fixed versions. Other vendors are only
// counted, never named.
import { useState, type FormEvent } from 'react';
import { type CaseDetail, type CaseVendor, type CaseVulnerability, type VendorStatus, useSaveStatement } from '../../api/cases.ts';
import { DateTime } from '../../components/date-time.tsx';
import { TextAreaField, TextField } from '../../components/fields.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { mayAnswer } from './case-access.ts';
import { vendorStatusLabels, vendorStatusList } from './case-labels.ts';
import { sortedVulnerabilities } from './vulnerabilities-section.tsx';

type Statement = CaseVendor['statements'][number];

function StatementForm({
  caseId,
  vulnerability,
  label,
  statement,
}: {
  caseId: string;
  vulnerability: CaseVulnerability;
  label: string;
  statement: Statement | undefined;
}) {
  const save = useSaveStatement(caseId, vulnerability.id);
  const [status, setStatus] = useState<VendorStatus | null>(statement?.status ?? null);
  const [product, setProduct] = useState(statement?.product ?? '');
  const [text, setText] = useState(statement?.statement ?? '');
  const [affected, setAffected] = useState(statement?.affectedVersions ?? '');
  const [fixed, setFixed] = useState(statement?.fixedVersions ?? '');
  const [saved, setSaved] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!status) return;
    setSaved(false);
    save.mutate(
      { status, product: product.trim(), statement: text.trim(), affectedVersions: affected.trim(), fixedVersions: fixed.trim() },
      { onSuccess: () => setSaved(true) },
    );
  };
  const name = `status-${vulnerability.id}`;
  return (
    <form className="form" onSubmit={submit} aria-label={`Your statement on ${label}`}>
      <fieldset className="tri-state case-status-choice">
        <legend>Are your products affected by {label}?</legend>
        {vendorStatusList.map((option) => (
          <label key={option} className="tri-option" title={vendorStatusLabels[option].explanation}>
            <input type="radio" name={name} value={option} checked={status === option} onChange={() => setStatus(option)} />
            {vendorStatusLabels[option].label}
          </label>
        ))}
      </fieldset>
      {status ? <p className="hint">{vendorStatusLabels[status].explanation}</p> : null}
      <TextAreaField
        label="Statement"
        name="statement"
        rows={3}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setSaved(false);
        }}
        maxLength={5000}
        hint="For the coordinators: what you found, the impact on your products, what you will do."
      />
      <TextField
        label="Product"
        name="product"
        value={product}
        onChange={(e) => {
          setProduct(e.target.value);
          setSaved(false);
        }}
        maxLength={200}
        hint="Which of your products this is about; the published advisory names it."
      />
      <div className="field-row">
        <TextField
          label="Affected versions"
          name="affectedVersions"
          value={affected}
          onChange={(e) => {
            setAffected(e.target.value);
            setSaved(false);
          }}
          maxLength={500}
          placeholder="4.0 to 4.2.1"
        />
        <TextField
          label="Fixed versions"
          name="fixedVersions"
          value={fixed}
          onChange={(e) => {
            setFixed(e.target.value);
            setSaved(false);
          }}
          maxLength={500}
          placeholder="4.3.0"
        />
      </div>
      {saved && save.isSuccess ? <SuccessMessage>Your statement on {label} was saved. The coordinators see it now.</SuccessMessage> : null}
      <ErrorBanner title="Your statement was not saved." error={save.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!status || save.isPending}>
          {save.isPending ? 'Saving…' : statement ? 'Update the statement' : 'Send the statement'}
        </button>
        {!status ? <span className="hint">Choose a status first.</span> : null}
      </div>
    </form>
  );
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
              <StatementForm caseId={detail.id} vulnerability={v} label={label} statement={statement} />
            ) : (
              <StatementReadOnly statement={statement} />
            )}
          </article>
        );
      })}
    </section>
  );
}
