// The sections of the report form below "What is affected": the problem, whether it is known, credit and contact,
// the honeypot, and the line that shows the form check.
import { CheckboxField } from '../../components/fields.tsx';
import { errorMessage } from '../../api/client.ts';
import { EncryptedMessageField } from './encrypted-message.tsx';
import { CheckedInput, CheckedTextArea, TriStateField } from './report-fields.tsx';
import { type FieldKey, type ReportForm, limits } from './report-form-model.ts';
import type { ProofState } from './use-report-proof.ts';

export interface SectionProps {
  form: ReportForm;
  patch: (patch: Partial<ReportForm>) => void;
  problems: Partial<Record<FieldKey, string>>;
  touch: (key: FieldKey) => void;
}

export function ProblemSection({ form, patch, problems, touch }: SectionProps) {
  const encrypted = form.encryptedMessage.trim() !== '';
  return (
    <fieldset>
      <legend>The problem</legend>
      <CheckedInput
        label="Title"
        name="title"
        required
        maxLength={limits.title.max}
        autoComplete="off"
        value={form.title}
        onChange={(e) => patch({ title: e.target.value })}
        onBlur={() => touch('title')}
        error={problems.title}
        hint="One line, e.g. “Unauthenticated firmware update over Bluetooth”."
      />
      <CheckedTextArea
        label="Description"
        name="description"
        required={!encrypted}
        rows={9}
        max={limits.description.max}
        value={form.description}
        onChange={(e) => patch({ description: e.target.value })}
        onBlur={() => touch('description')}
        error={problems.description}
        hint={
          encrypted
            ? 'Optional: your encrypted message holds the details. What you write here is sent as typed.'
            : 'What is wrong, how to reproduce it, and what an attacker could do. Leave out patient data.'
        }
      />
      <EncryptedMessageField form={form} patch={patch} problems={problems} touch={touch} />
      <CheckedTextArea
        label="Impact on patients (if known)"
        name="patientImpact"
        rows={3}
        max={limits.patientImpact.max}
        value={form.patientImpact}
        onChange={(e) => patch({ patientImpact: e.target.value })}
        onBlur={() => touch('patientImpact')}
        error={problems.patientImpact}
        hint="Could it change a therapy, a dose or a reading, or stop the device? Your best understanding is enough."
      />
      <CheckedTextArea
        label="How you found it (optional)"
        name="howFound"
        rows={3}
        max={limits.howFound.max}
        value={form.howFound}
        onChange={(e) => patch({ howFound: e.target.value })}
        onBlur={() => touch('howFound')}
        error={problems.howFound}
        hint="Tools, test setup, whether you tested on a device in clinical use."
      />
    </fieldset>
  );
}

export function KnownSection({ form, patch, problems, touch }: SectionProps) {
  return (
    <fieldset>
      <legend>Is it known?</legend>
      <div className="tri-row">
        <TriStateField
          legend="Is it publicly known?"
          name="publiclyKnown"
          value={form.publiclyKnown}
          onChange={(v) => patch({ publiclyKnown: v })}
        />
        <TriStateField legend="Is it being exploited?" name="exploited" value={form.exploited} onChange={(v) => patch({ exploited: v })} />
      </div>
      <CheckedTextArea
        label="Your disclosure plans (optional)"
        name="disclosurePlans"
        rows={2}
        max={limits.disclosurePlans.max}
        value={form.disclosurePlans}
        onChange={(e) => patch({ disclosurePlans: e.target.value })}
        onBlur={() => touch('disclosurePlans')}
        error={problems.disclosurePlans}
        hint="A talk, a paper or a publication date you have in mind, so the coordinators can plan with you."
      />
    </fieldset>
  );
}

export function CreditContactSection({ form, patch, problems, touch }: SectionProps) {
  return (
    <>
      <fieldset>
        <legend>Credit</legend>
        <CheckboxField
          label="Credit me when the vulnerability is published"
          name="creditConsent"
          checked={form.creditConsent}
          onChange={(e) => patch({ creditConsent: e.target.checked })}
          hint="The ISAO asks the manufacturer to name you in its advisory. Leave it unticked to stay anonymous."
        />
        {form.creditConsent ? (
          <CheckedInput
            label="Name to credit"
            name="creditName"
            maxLength={limits.creditName.max}
            value={form.creditName}
            onChange={(e) => patch({ creditName: e.target.value })}
            onBlur={() => touch('creditName')}
            error={problems.creditName}
            hint="As it should appear, e.g. “Ana Silva, Example University”. Empty: your name below."
          />
        ) : null}
      </fieldset>
      <fieldset>
        <legend>How to reach you (optional)</legend>
        <div className="field-row">
          <CheckedInput
            label="Your name"
            name="contactName"
            maxLength={limits.contactName.max}
            autoComplete="name"
            value={form.contactName}
            onChange={(e) => patch({ contactName: e.target.value })}
            onBlur={() => touch('contactName')}
            error={problems.contactName}
          />
          <CheckedInput
            label="Email"
            name="contactEmail"
            type="email"
            maxLength={254}
            autoComplete="email"
            value={form.contactEmail}
            onChange={(e) => patch({ contactEmail: e.target.value })}
            onBlur={() => touch('contactEmail')}
            error={problems.contactEmail}
          />
        </div>
        <p className="hint">
          With an email address you get the tracking link by mail and a note whenever a coordinator writes to you (never the content).
          Without one, the tracking link shown after sending is the only way to follow your report.
        </p>
      </fieldset>
    </>
  );
}

/** Left empty by people; off-screen (not only display:none), hidden from assistive technology and the tab order. */
export function Honeypot({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <div className="report-hp" aria-hidden="true">
      <label htmlFor="report-website">Website (leave this empty)</label>
      <input
        id="report-website"
        name="website"
        type="text"
        tabIndex={-1}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** "Checking the form… 42%", "Form checked", or why the check failed. */
export function ProofStatus({ state, onRetry }: { state: ProofState; onRetry: () => void }) {
  if (state.phase === 'idle')
    return <p className="proof-status muted small">Before sending, your browser runs a short check instead of a CAPTCHA.</p>;
  if (state.phase === 'failed') {
    return (
      <p className="proof-status text-danger small" role="alert">
        The form check could not run: {errorMessage(state.error)}{' '}
        <button type="button" className="button-link" onClick={onRetry}>
          Try again
        </button>
      </p>
    );
  }
  if (state.phase === 'ready') return <p className="proof-status muted small">✓ Form checked: ready to send.</p>;
  const percent = Math.round(state.progress * 100);
  return (
    <p className="proof-status muted small">
      <span>Checking the form… {percent}%</span>
      <progress max={100} value={percent} aria-label="Form check" />
    </p>
  );
}
