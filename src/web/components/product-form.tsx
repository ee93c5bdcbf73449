// Name, model, UDI-DI, description and visibility of a product (create and edit).
import { useId, useState, type FormEvent } from 'react';
import type { CreateProductBody, ProductVisibility } from '../api/types.ts';
import { visibilityLabels, visibilityOrder } from '../lib/portfolio-labels.ts';
import { TextAreaField, TextField } from './fields.tsx';
import { ErrorBanner } from './messages.tsx';

interface ProductFields {
  name: string;
  model: string;
  udiDi: string;
  description: string;
  visibility: ProductVisibility;
}

const emptyProduct: ProductFields = { name: '', model: '', udiDi: '', description: '', visibility: 'own_org' };

/** The visibility choice as radio buttons, each with what it means. */
function VisibilityChoice({ value, onChange }: { value: ProductVisibility; onChange: (v: ProductVisibility) => void }) {
  const name = useId();
  return (
    <fieldset>
      <legend>Who can see this product</legend>
      {visibilityOrder.map((visibility) => (
        <div key={visibility} className="field field-checkbox">
          <input
            type="radio"
            id={`${name}-${visibility}`}
            name={name}
            value={visibility}
            checked={value === visibility}
            onChange={() => onChange(visibility)}
            aria-describedby={`${name}-${visibility}-hint`}
          />
          <label htmlFor={`${name}-${visibility}`}>{visibilityLabels[visibility].label}</label>
          <p className="hint" id={`${name}-${visibility}-hint`}>
            {visibilityLabels[visibility].explanation}
          </p>
        </div>
      ))}
      <p className="hint">Vulnerability findings and VEX decisions are always visible only to your organisation.</p>
    </fieldset>
  );
}

/** The product form; `initial` fills it for editing. Empty optional fields are left out of the body. */
export function ProductForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  initial?: Partial<ProductFields>;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: CreateProductBody) => void;
}) {
  const [fields, setFields] = useState<ProductFields>({ ...emptyProduct, ...initial });
  const set = (key: keyof ProductFields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [key]: e.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const editing = initial !== undefined;
    onSubmit({
      name: fields.name.trim(),
      // When editing, an emptied field is sent as "" so that it is cleared; when creating it is left out.
      model: fields.model.trim() || (editing ? '' : undefined),
      udiDi: fields.udiDi.trim() || undefined,
      description: fields.description.trim() || (editing ? '' : undefined),
      visibility: fields.visibility,
    });
  };
  return (
    <form className="form" onSubmit={submit}>
      <TextField label="Product name" required maxLength={200} value={fields.name} onChange={set('name')} autoComplete="off" />
      <div className="field-row">
        <TextField label="Model" maxLength={200} value={fields.model} onChange={set('model')} hint="Model or catalogue number." />
        <TextField
          label="UDI-DI"
          maxLength={60}
          pattern="[A-Za-z0-9+\-./ ]{1,60}"
          value={fields.udiDi}
          onChange={set('udiDi')}
          hint="The device identifier of the UDI (GS1, HIBCC, ICCBBA or IFA): letters, digits, + - . /"
        />
      </div>
      <TextAreaField label="Description" rows={3} maxLength={5000} value={fields.description} onChange={set('description')} />
      <VisibilityChoice value={fields.visibility} onChange={(visibility) => setFields((f) => ({ ...f, visibility }))} />
      <ErrorBanner error={error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
