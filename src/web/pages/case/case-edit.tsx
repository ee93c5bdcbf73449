// Editing a case's title and summary (ISAO staff), folded away until needed.
import { useState, type FormEvent } from 'react';
import { type CaseDetail, useUpdateCase } from '../../api/cases.ts';
import { TextAreaField, TextField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';

function EditForm({ detail, update }: { detail: CaseDetail; update: ReturnType<typeof useUpdateCase> }) {
  const [title, setTitle] = useState(detail.title);
  const [summary, setSummary] = useState(detail.summary);
  const short = title.trim().length < 5;
  const unchanged = title.trim() === detail.title && summary.trim() === detail.summary;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (short || unchanged) return;
    update.mutate({ title: title.trim(), summary: summary.trim() });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Edit title and summary">
      {update.isSuccess && unchanged ? <SuccessMessage>The title and summary were saved.</SuccessMessage> : null}
      <TextField
        label="Title"
        name="title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={200}
        required
        hint="At least 5 characters."
      />
      <TextAreaField
        label="Summary"
        name="summary"
        rows={5}
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
        maxLength={10_000}
        hint="Every vendor in the case reads it."
      />
      <ErrorBanner title="The case was not saved." error={update.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={update.isPending || short || unchanged}>
          {update.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

/** A collapsed "Edit title and summary" section. */
export function CaseEdit({ detail }: { detail: CaseDetail }) {
  const update = useUpdateCase(detail.id);
  return (
    <details className="case-edit">
      <summary>Edit title and summary</summary>
      <div className="details-body">
        <EditForm key={`${detail.title}\n${detail.summary}`} detail={detail} update={update} />
      </div>
    </details>
  );
}
