// The fields of the feed forms, each with its hint and the server's message about it right below (aria-invalid, aria-describedby).
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { type IntervalUnit, intervalUnits } from './feed-format.ts';

interface ShellProps {
  label: string;
  hint?: ReactNode;
  error?: string;
}

/** Ids of the hint and error lines of a field, for aria-describedby. */
function describedBy(id: string, hint: ReactNode, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldLines({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** A labelled <input> with the server's message about it. */
export function FeedTextField({ label, hint, error, ...input }: ShellProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      <FieldLines id={id} hint={hint} error={error} />
    </div>
  );
}

/** "Every [6] [hours]": a whole number and its unit; the server gets minutes. */
export function IntervalField({
  value,
  unit,
  onValue,
  onUnit,
  error,
}: {
  value: string;
  unit: IntervalUnit;
  onValue: (value: string) => void;
  onUnit: (unit: IntervalUnit) => void;
  error?: string;
}) {
  const id = useId();
  const hint = 'From 5 minutes to 30 days.';
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>Fetch every</label>
      <div className="interval-inputs">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          required
          value={value}
          onChange={(e) => onValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
        />
        <select aria-label="Interval unit" value={unit} onChange={(e) => onUnit(e.target.value as IntervalUnit)}>
          {intervalUnits.map((u) => (
            <option key={u.unit} value={u.unit}>
              {u.unit}
            </option>
          ))}
        </select>
      </div>
      <FieldLines id={id} hint={hint} error={error} />
    </div>
  );
}
