// The VEX decision on one finding: state, justification (required for "not affected"), responses and a reason.
import { useId, useState, type FormEvent } from 'react';
import { useUpdateFinding } from '../../api/findings.ts';
import type { Finding, VexJustification, VexResponse, VexState } from '../../api/types.ts';
import { CheckboxField, SelectField, TextAreaField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { justificationLabels, keysOf, responseLabels, vexStateLabels } from '../../lib/portfolio-labels.ts';

function JustificationGuide() {
  return (
    <details className="small">
      <summary>What each justification means</summary>
      <dl className="details guide">
        {keysOf(justificationLabels).map((key) => (
          <div key={key} className="guide-entry">
            <dt>{justificationLabels[key].label}</dt>
            <dd>{justificationLabels[key].explanation}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** The form; onSaved receives the updated finding. */
export function FindingDecisionForm({ finding, onSaved }: { finding: Finding; onSaved: (finding: Finding) => void }) {
  const update = useUpdateFinding(finding.id);
  const [state, setState] = useState<VexState>(finding.state);
  const [justification, setJustification] = useState<VexJustification | ''>(finding.justification ?? '');
  const [responses, setResponses] = useState<VexResponse[]>(finding.responses);
  const [detail, setDetail] = useState('');
  const [saved, setSaved] = useState(false);
  const responsesId = useId();
  const needsJustification = state === 'not_affected';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    update.mutate(
      {
        state,
        justification: needsJustification && justification ? justification : undefined,
        responses,
        detail: detail.trim(),
      },
      {
        onSuccess: (updated) => {
          setSaved(true);
          setDetail('');
          onSaved(updated);
        },
      },
    );
  };
  const toggle = (response: VexResponse, on: boolean) =>
    setResponses((list) => (on ? [...list, response] : list.filter((r) => r !== response)));
  return (
    <form className="form decision-form" onSubmit={submit} aria-labelledby={`decision-${finding.id}`}>
      <h3 id={`decision-${finding.id}`}>VEX decision</h3>
      <SelectField
        label="State"
        value={state}
        onChange={(e) => setState(e.target.value as VexState)}
        hint={vexStateLabels[state].explanation}
      >
        {keysOf(vexStateLabels).map((key) => (
          <option key={key} value={key}>
            {vexStateLabels[key].label}
          </option>
        ))}
      </SelectField>
      {needsJustification ? (
        <>
          <SelectField
            label="Justification"
            required
            value={justification}
            onChange={(e) => setJustification(e.target.value as VexJustification | '')}
            hint={justification ? justificationLabels[justification].explanation : 'Required: why the product is not affected.'}
          >
            <option value="">Choose why…</option>
            {keysOf(justificationLabels).map((key) => (
              <option key={key} value={key}>
                {justificationLabels[key].label}
              </option>
            ))}
          </SelectField>
          <JustificationGuide />
        </>
      ) : null}
      <fieldset aria-describedby={`${responsesId}-hint`}>
        <legend>Responses</legend>
        <p className="hint" id={`${responsesId}-hint`}>
          What your organisation does or advises about it (optional).
        </p>
        {keysOf(responseLabels).map((key) => (
          <CheckboxField
            key={key}
            id={`${responsesId}-${key}`}
            label={responseLabels[key]}
            checked={responses.includes(key)}
            onChange={(e) => toggle(key, e.target.checked)}
          />
        ))}
      </fieldset>
      <TextAreaField
        label="Detail"
        required
        rows={3}
        maxLength={5000}
        value={detail}
        onChange={(e) => setDetail(e.target.value)}
        hint="Say why, in a sentence or two. It is kept in the finding’s history."
      />
      <ErrorBanner title="The decision was not saved." error={update.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save decision'}
        </button>
      </div>
      {saved ? (
        <SuccessMessage>Decision saved: {vexStateLabels[finding.state].label}. It is now in the history below.</SuccessMessage>
      ) : null}
    </form>
  );
}
