// Name, description and confidentiality of a sharing group (create and edit).
import { useState, type FormEvent } from 'react';
import type { CreateGroupBody } from '../api/types.ts';
import { CheckboxField, TextAreaField, TextField } from './fields.tsx';
import { ErrorBanner } from './messages.tsx';

/** The group form; `initial` fills it for editing. */
export function GroupForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  initial?: CreateGroupBody;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: CreateGroupBody, reset: () => void) => void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [confidential, setConfidential] = useState(initial?.confidential ?? false);
  const reset = () => {
    setName('');
    setDescription('');
    setConfidential(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ name: name.trim(), description, confidential }, reset);
  };
  return (
    <form className="form" onSubmit={submit}>
      <TextField label="Group name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      <TextAreaField
        label="Description"
        rows={3}
        maxLength={4000}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        hint="What the group is for, so invited organisations know what to share."
      />
      <CheckboxField
        label="Confidential group"
        checked={confidential}
        onChange={(e) => setConfidential(e.target.checked)}
        hint="Members of a confidential group cannot see who else is in it; only the group’s managers see the member list. Use it when membership itself is sensitive."
      />
      <ErrorBanner error={error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
