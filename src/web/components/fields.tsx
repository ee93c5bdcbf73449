// Labelled form controls: every input gets a <label for>, an optional hint linked by aria-describedby.
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
}

function FieldShell({ id, label, hint, children }: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled <input>. */
export function TextField({ label, hint, id, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const autoId = useId();
  const fieldId = id ?? autoId;
  return (
    <FieldShell id={fieldId} label={label} hint={hint}>
      <input id={fieldId} aria-describedby={hint ? `${fieldId}-hint` : undefined} {...input} />
    </FieldShell>
  );
}

/** A labelled <textarea>. */
export function TextAreaField({ label, hint, id, ...textarea }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const autoId = useId();
  const fieldId = id ?? autoId;
  return (
    <FieldShell id={fieldId} label={label} hint={hint}>
      <textarea id={fieldId} aria-describedby={hint ? `${fieldId}-hint` : undefined} {...textarea} />
    </FieldShell>
  );
}

/** A labelled <select>; pass <option>s as children. */
export function SelectField({ label, hint, id, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const autoId = useId();
  const fieldId = id ?? autoId;
  return (
    <FieldShell id={fieldId} label={label} hint={hint}>
      <select id={fieldId} aria-describedby={hint ? `${fieldId}-hint` : undefined} {...select}>
        {children}
      </select>
    </FieldShell>
  );
}

/** A checkbox with its label on the right and an optional explanation below. */
export function CheckboxField({ label, hint, id, ...input }: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const autoId = useId();
  const fieldId = id ?? autoId;
  return (
    <div className="field field-checkbox">
      <input type="checkbox" id={fieldId} aria-describedby={hint ? `${fieldId}-hint` : undefined} {...input} />
      <label htmlFor={fieldId}>{label}</label>
      {hint ? (
        <p className="hint" id={`${fieldId}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
