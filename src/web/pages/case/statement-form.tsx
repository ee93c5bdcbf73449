// A vendor's statement on one vulnerability, the same form for member vendors (statements-section) and external vendors
// (their page through the emailed link).
import { useState, type FormEvent } from 'react';
import type { CaseVulnerability, StatementBody, VendorStatement, VendorStatus } from '../../api/cases.ts';
import { TextAreaField, TextField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { vendorStatusLabels, vendorStatusList } from './case-labels.ts';

/** How the form sends: a member vendor's or an external vendor's statement mutation. */
export interface StatementSave {
  mutate: (body: StatementBody, options: { onSuccess: () => void }) => void;
  isPending: boolean;
  isSuccess: boolean;
  error: unknown;
}

/** The statement on one vulnerability: status, statement, product, affected and fixed versions. */
export function StatementForm({
  save,
  vulnerability,
  label,
  statement,
}: {
  save: StatementSave;
  vulnerability: CaseVulnerability;
  label: string;
  statement: VendorStatement | undefined;
}) {
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
