// A coordinator writes to the reporter (which acknowledges the report) or adds an internal note only coordinators see.
import { useState, type FormEvent } from 'react';
import { type ReportDetail, useCoordinatorMessage } from '../../api/reports.ts';
import { TextAreaField } from '../../components/fields.tsx';
import { ErrorBanner } from '../../components/messages.tsx';

export function CoordinatorComposer({ report }: { report: ReportDetail }) {
  const send = useCoordinatorMessage(report.id);
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(true);
  const [sent, setSent] = useState<string | null>(null);
  const tooLong = text.trim().length > 10_000;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim() || tooLong) return;
    setSent(null);
    send.mutate(
      { body: text.trim(), internal },
      {
        onSuccess: () => {
          setText('');
          setSent(internal ? 'The internal note was added.' : 'Your message was sent to the reporter.');
        },
      },
    );
  };
  return (
    <form className={`form composer${internal ? ' composer-internal' : ''}`} onSubmit={submit} aria-label="Write">
      <fieldset className="composer-kind">
        <legend className="visually-hidden">Kind of message</legend>
        <label className="tri-option">
          <input type="radio" name="kind" checked={internal} onChange={() => setInternal(true)} />
          Internal note
        </label>
        <label className="tri-option">
          <input type="radio" name="kind" checked={!internal} onChange={() => setInternal(false)} />
          Message to the reporter
        </label>
      </fieldset>
      <TextAreaField
        label={internal ? 'Internal note' : 'Message to the reporter'}
        name="message"
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        hint={
          tooLong
            ? 'At most 10,000 characters.'
            : internal
              ? 'Only ISAO coordinators see internal notes — the reporter never sees this.'
              : 'The reporter reads this on the tracking page. The first message acknowledges the report.'
        }
      />
      <ErrorBanner title="Not sent." error={send.error} />
      {sent ? (
        <p className="small" role="status">
          {sent}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={send.isPending || !text.trim() || tooLong}>
          {send.isPending ? 'Sending…' : internal ? 'Add internal note' : 'Send to the reporter'}
        </button>
      </div>
    </form>
  );
}
