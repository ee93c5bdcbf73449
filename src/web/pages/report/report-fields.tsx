// Form controls of the report form with an inline error under the field (linked by aria-describedby) and, for long
// texts, how many characters are left.
import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import type { TriState } from './report-form-model.ts';

interface Extra {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
}

function describedBy(id: string, hint: unknown, error: unknown, more?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', more ?? ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldError({ id, error }: { id: string; error?: string | null }) {
  if (!error) return null;
  return (
    <p className="report-field-error" id={`${id}-error`}>
      {error}
    </p>
  );
}

/** A labelled one-line input with its hint and inline error. */
export function CheckedInput({ label, hint, error, id, ...input }: Extra & InputHTMLAttributes<HTMLInputElement>) {
  const autoId = useId();
  const fieldId = id ?? autoId;
  return (
    <div className={`field${error ? ' report-field-invalid' : ''}`}>
      <label htmlFor={fieldId}>{label}</label>
      <input id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fieldId, hint, error)} {...input} />
      {hint ? (
        <p className="hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={fieldId} error={error} />
    </div>
  );
}

/** A labelled textarea with its hint, inline error and a character count against the limit. */
export function CheckedTextArea({
  label,
  hint,
  error,
  id,
  max,
  value,
  ...textarea
}: Extra & { max: number; value: string } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value'>) {
  const autoId = useId();
  const fieldId = id ?? autoId;
  const used = value.trim().length;
  return (
    <div className={`field${error ? ' report-field-invalid' : ''}`}>
      <label htmlFor={fieldId}>{label}</label>
      <textarea
        id={fieldId}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error, `${fieldId}-count`)}
        {...textarea}
      />
      <div className="field-foot">
        {hint ? (
          <p className="hint" id={`${fieldId}-hint`}>
            {hint}
          </p>
        ) : (
          <span />
        )}
        <span className={`char-count${used > max ? ' text-danger' : ''}`} id={`${fieldId}-count`}>
          {used.toLocaleString()} / {max.toLocaleString()}
        </span>
      </div>
      <FieldError id={fieldId} error={error} />
    </div>
  );
}

const triLabels: Record<TriState, string> = { no: 'No', yes: 'Yes', unknown: 'I don’t know' };

/** A no / yes / don't know question as a radio group. */
export function TriStateField({
  legend,
  name,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  value: TriState;
  onChange: (v: TriState) => void;
}) {
  return (
    <fieldset className="tri-state">
      <legend>{legend}</legend>
      {(['no', 'yes', 'unknown'] as const).map((option) => (
        <label key={option} className="tri-option">
          <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} />
          {triLabels[option]}
        </label>
      ))}
    </fieldset>
  );
}
