// The disclosure program's service levels (hours to acknowledge, triage, first contact with the manufacturer), which
// platform admins may change.
import { useState, type FormEvent } from 'react';
import { type ProgramSettings, useCvdProgram, useUpdateCvdProgram } from '../../api/reports.ts';
import { TextField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { hoursInWords } from './report-labels.ts';

const fields = [
  { key: 'ackHours', label: 'Acknowledge within (hours)', max: 24 * 90 },
  { key: 'triageHours', label: 'Triage within (hours)', max: 24 * 180 },
  { key: 'vendorContactHours', label: 'Contact the manufacturer within (hours)', max: 24 * 365 },
] as const;
type Key = (typeof fields)[number]['key'];

function EditLevels({ program, onDone }: { program: ProgramSettings; onDone: (saved: boolean) => void }) {
  const update = useUpdateCvdProgram();
  const [values, setValues] = useState<Record<Key, string>>({
    ackHours: String(program.ackHours),
    triageHours: String(program.triageHours),
    vendorContactHours: String(program.vendorContactHours),
  });
  const numbers = Object.fromEntries(fields.map((f) => [f.key, Number(values[f.key])])) as Record<Key, number>;
  const problem = fields
    .map((f) =>
      !Number.isInteger(numbers[f.key]) || numbers[f.key] < 1 || numbers[f.key] > f.max
        ? `${f.label}: a whole number from 1 to ${f.max}.`
        : null,
    )
    .find(Boolean);
  const order =
    !problem && !(numbers.ackHours <= numbers.triageHours && numbers.triageHours <= numbers.vendorContactHours)
      ? 'Acknowledge, then triage, then contact the manufacturer: each no later than the next.'
      : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem || order) return;
    update.mutate(numbers, { onSuccess: () => onDone(true) });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Service levels">
      <div className="field-row">
        {fields.map((f) => (
          <TextField
            key={f.key}
            label={f.label}
            name={f.key}
            type="number"
            inputMode="numeric"
            min={1}
            max={f.max}
            required
            value={values[f.key]}
            onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
            hint={Number.isInteger(numbers[f.key]) && numbers[f.key] > 0 ? hoursInWords(numbers[f.key]) : undefined}
          />
        ))}
      </div>
      {problem || order ? <p className="report-field-error">{problem ?? order}</p> : null}
      <p className="hint">New targets apply to every report, including those already received.</p>
      <ErrorBanner title="The service levels were not saved." error={update.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={update.isPending || Boolean(problem || order)}>
          {update.isPending ? 'Saving…' : 'Save service levels'}
        </button>
        <button type="button" className="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ProgramPanel({ canEdit }: { canEdit: boolean }) {
  const program = useCvdProgram();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <section className="panel" aria-labelledby="levels-title">
      <div className="panel-head">
        <h2 id="levels-title">Service levels</h2>
        {canEdit && !editing && program.data ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            Change
          </button>
        ) : null}
      </div>
      <QueryView query={program} what="the service levels">
        {(p) =>
          editing ? (
            <EditLevels
              program={p}
              onDone={(ok) => {
                setEditing(false);
                setSaved(ok);
              }}
            />
          ) : (
            <>
              {saved ? <SuccessMessage>The service levels were saved.</SuccessMessage> : null}
              <ul className="levels" aria-label="Targets, counted from when a report is received">
                <li>
                  <span className="level-value">{hoursInWords(p.ackHours)}</span> to acknowledge
                </li>
                <li>
                  <span className="level-value">{hoursInWords(p.triageHours)}</span> to triage
                </li>
                <li>
                  <span className="level-value">{hoursInWords(p.vendorContactHours)}</span> to contact the manufacturer
                </li>
              </ul>
            </>
          )
        }
      </QueryView>
    </section>
  );
}
