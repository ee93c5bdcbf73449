// The advisory draft's form (ISAO staff): title, summary, TLP (fixed once published), document category (security
// advisory or VEX, fixed once published) with a justification per vendor's "not affected", references and the reporter's
// credit. The values live in the advisory section, which knows whether they differ from the saved draft.
import type { FormEvent } from 'react';
import type { AdvisoryDraft, AdvisoryTlp, DraftBody } from '../../api/publishing.ts';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';

/** What the form edits. */
export interface DraftValues {
  title: string;
  summary: string;
  tlp: AdvisoryTlp;
  references: { url: string; summary: string }[];
  creditReporter: boolean;
  category: AdvisoryDraft['category'];
  justifications: AdvisoryDraft['justifications'];
}

type Justification = AdvisoryDraft['justifications'][number];

const categories: { value: AdvisoryDraft['category']; label: string; explanation: string }[] = [
  {
    value: 'csaf_security_advisory',
    label: 'Security advisory',
    explanation: 'A CSAF security advisory: the vulnerabilities, who is affected and what to do.',
  },
  {
    value: 'csaf_vex',
    label: 'VEX',
    explanation:
      'A CSAF VEX document: for each vendor’s product, whether it is affected, and why not when it is not (a justification or the vendor’s own words).',
  },
];

/** CSAF flag labels, in words. */
const justificationLabels: { value: Justification['label']; label: string }[] = [
  { value: 'component_not_present', label: 'The vulnerable component is not present' },
  { value: 'vulnerable_code_not_present', label: 'The vulnerable code is not present' },
  { value: 'vulnerable_code_not_in_execute_path', label: 'The vulnerable code is never executed' },
  { value: 'vulnerable_code_cannot_be_controlled_by_adversary', label: 'An attacker cannot control the vulnerable code' },
  { value: 'inline_mitigations_already_exist', label: 'Built-in protections prevent exploitation' },
];

const tlps: { value: AdvisoryTlp; label: string; explanation: string }[] = [
  { value: 'WHITE', label: 'TLP:WHITE', explanation: 'Public: anyone may read it, in the public CSAF directory and feeds.' },
  { value: 'GREEN', label: 'TLP:GREEN', explanation: 'Members of the ISAO, signed in; they may share it within their community.' },
  {
    value: 'AMBER',
    label: 'TLP:AMBER',
    explanation: 'Members of the ISAO, signed in; they may share it only within their organisation, on a need-to-know basis.',
  },
];

/** The form's values from a draft. */
export function valuesOf(draft: AdvisoryDraft): DraftValues {
  return {
    title: draft.title,
    summary: draft.summary,
    tlp: draft.tlp,
    references: draft.references.map((r) => ({ ...r })),
    creditReporter: draft.creditReporter,
    category: draft.category,
    justifications: draft.justifications.map((j) => ({ ...j })),
  };
}

/** The body to save: trimmed, references without an address left out. */
export function bodyOf(values: DraftValues): DraftBody {
  return {
    title: values.title.trim(),
    summary: values.summary.trim(),
    tlp: values.tlp,
    references: values.references.filter((r) => r.url.trim()).map((r) => ({ url: r.url.trim(), summary: r.summary.trim() })),
    creditReporter: values.creditReporter,
    category: values.category,
    justifications: values.justifications,
  };
}

/** True when the values would save something other than the draft. */
export function differs(values: DraftValues, draft: AdvisoryDraft): boolean {
  return JSON.stringify(bodyOf(values)) !== JSON.stringify(bodyOf(valuesOf(draft)));
}

function badUrl(url: string): boolean {
  if (!url.trim()) return false;
  try {
    return !['https:', 'http:'].includes(new URL(url.trim()).protocol);
  } catch {
    return true;
  }
}

/** True when the values cannot be saved as they are. */
export function invalid(values: DraftValues): boolean {
  return values.title.trim().length < 5 || values.references.some((r) => badUrl(r.url));
}

export function AdvisoryForm({
  draft,
  values,
  onChange,
  onSave,
  saving,
  error,
  justSaved,
}: {
  draft: AdvisoryDraft;
  values: DraftValues;
  onChange: (values: DraftValues) => void;
  onSave: (body: DraftBody) => void;
  saving: boolean;
  error: unknown;
  justSaved: boolean;
}) {
  const set = <K extends keyof DraftValues>(key: K, value: DraftValues[K]) => onChange({ ...values, [key]: value });
  const setRef = (i: number, key: 'url' | 'summary', value: string) =>
    set(
      'references',
      values.references.map((r, j) => (j === i ? { ...r, [key]: value } : r)),
    );
  const same = (j: Justification, vulnerabilityId: string, vendorOrgId: string) =>
    j.vulnerabilityId === vulnerabilityId && j.vendorOrgId === vendorOrgId;
  const setJustification = (vulnerabilityId: string, vendorOrgId: string, label: string) => {
    const picked = justificationLabels.find((l) => l.value === label)?.value;
    const rest = values.justifications.filter((j) => !same(j, vulnerabilityId, vendorOrgId));
    set('justifications', picked ? [...rest, { vulnerabilityId, vendorOrgId, label: picked }] : rest);
  };
  const dirty = differs(values, draft);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid(values) || !dirty) return;
    onSave(bodyOf(values));
  };
  return (
    <form className="form advisory-draft-form" onSubmit={submit} aria-label="Advisory draft">
      <TextField
        label="Title"
        name="title"
        value={values.title}
        onChange={(e) => set('title', e.target.value)}
        maxLength={200}
        required
        hint="Product and problem, for example “Aurora pump gateway: unauthenticated dose-table upload”. At least 5 characters."
      />
      <TextAreaField
        label="Summary"
        name="summary"
        rows={4}
        value={values.summary}
        onChange={(e) => set('summary', e.target.value)}
        maxLength={10_000}
        hint="What readers must know and do. The vulnerabilities, vendors’ statements and fixes come from the case."
      />
      <fieldset className="tri-state advisory-tlp">
        <legend>Who may read it (TLP)</legend>
        {tlps.map((t) => {
          const locked = draft.published !== null && t.value !== draft.tlp;
          return (
            <label key={t.value} className={`tri-option${locked ? ' is-locked' : ''}`} title={t.explanation}>
              <input
                type="radio"
                name="tlp"
                value={t.value}
                checked={values.tlp === t.value}
                disabled={locked}
                onChange={() => set('tlp', t.value)}
              />
              {t.label}
            </label>
          );
        })}
      </fieldset>
      <p className="hint">
        {tlps.find((t) => t.value === values.tlp)?.explanation}
        {draft.published ? ' The TLP of a published advisory does not change.' : ''}
      </p>
      <fieldset className="tri-state advisory-category">
        <legend>Published as</legend>
        {categories.map((c) => {
          const locked = draft.published !== null && c.value !== draft.category;
          return (
            <label key={c.value} className={`tri-option${locked ? ' is-locked' : ''}`} title={c.explanation}>
              <input
                type="radio"
                name="category"
                value={c.value}
                checked={values.category === c.value}
                disabled={locked}
                onChange={() => set('category', c.value)}
              />
              {c.label}
            </label>
          );
        })}
      </fieldset>
      <p className="hint">
        {categories.find((c) => c.value === values.category)?.explanation}
        {draft.published ? ' A published advisory keeps its category.' : ''}
        {!draft.published && draft.suggestedCategory === 'csaf_vex' && values.category !== 'csaf_vex'
          ? ' Suggested: VEX, since a vendor states its product is not affected.'
          : ''}
      </p>
      {draft.notAffected.length > 0 ? (
        <fieldset className="advisory-justifications">
          <legend>Why not affected (VEX justification)</legend>
          {draft.notAffected.map((x) => {
            const current = values.justifications.find((j) => same(j, x.vulnerabilityId, x.vendorOrgId))?.label ?? '';
            const missing = values.category === 'csaf_vex' && !current && !x.statement.trim();
            return (
              <SelectField
                key={`${x.vulnerabilityId}:${x.vendorOrgId}`}
                label={`${x.vendor} ${x.product}: ${x.vulnerability}`}
                name={`justification-${x.vulnerabilityId}-${x.vendorOrgId}`}
                value={current}
                onChange={(e) => setJustification(x.vulnerabilityId, x.vendorOrgId, e.target.value)}
                aria-invalid={missing || undefined}
                hint={
                  missing ? (
                    <span className="text-danger">The vendor gave no reason: pick one to publish a VEX.</span>
                  ) : x.statement ? (
                    `The vendor’s words: “${x.statement}”`
                  ) : undefined
                }
              >
                <option value="">No justification</option>
                {justificationLabels.map((l) => (
                  <option key={l.value} value={l.value}>
                    {l.label}
                  </option>
                ))}
              </SelectField>
            );
          })}
        </fieldset>
      ) : null}
      <fieldset className="advisory-references">
        <legend>References</legend>
        {values.references.length === 0 ? <p className="hint">None besides the advisory’s own address.</p> : null}
        {values.references.map((r, i) => (
          <div key={i} className="advisory-reference">
            <TextField
              label={`Reference ${i + 1}: address`}
              name={`reference-url-${i}`}
              type="url"
              value={r.url}
              onChange={(e) => setRef(i, 'url', e.target.value)}
              placeholder="https://"
              aria-invalid={badUrl(r.url) || undefined}
              hint={badUrl(r.url) ? <span className="text-danger">An https:// address.</span> : undefined}
            />
            <TextField
              label={`Reference ${i + 1}: what it is`}
              name={`reference-summary-${i}`}
              value={r.summary}
              onChange={(e) => setRef(i, 'summary', e.target.value)}
              maxLength={300}
              placeholder="Vendor advisory, researcher write-up…"
            />
            <button
              type="button"
              className="button button-small advisory-reference-remove"
              onClick={() =>
                set(
                  'references',
                  values.references.filter((_, j) => j !== i),
                )
              }
              aria-label={`Remove reference ${i + 1}`}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-small"
          onClick={() => set('references', [...values.references, { url: '', summary: '' }])}
          disabled={values.references.length >= 50}
        >
          Add a reference
        </button>
      </fieldset>
      <CheckboxField
        label="Credit the reporter"
        name="creditReporter"
        checked={values.creditReporter}
        onChange={(e) => set('creditReporter', e.target.checked)}
        hint="Only reporters who agreed to be named when they reported, under the name they gave."
      />
      {justSaved && !dirty ? <SuccessMessage>The draft was saved. The checks on the right are up to date.</SuccessMessage> : null}
      <ErrorBanner title="The draft was not saved." error={error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={saving || !dirty || invalid(values)}>
          {saving ? 'Saving…' : 'Save the draft'}
        </button>
        {dirty ? <span className="hint">Unsaved changes: publishing uses the saved draft.</span> : null}
      </div>
    </form>
  );
}
