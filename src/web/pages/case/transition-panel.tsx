// The coordinators' controls for a case's state: one "Move to …" button per allowed next state; choosing one opens a
// short form with an optional note for the change log.
import { useState, type FormEvent } from 'react';
import { type CaseDetail, type CaseState, useTransitionCase } from '../../api/cases.ts';
import { TextAreaField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { caseStateLabels } from './case-labels.ts';

const actionLabel = (state: CaseState) => (state === 'closed' ? 'Close the case' : `Move to ${caseStateLabels[state].label}`);

function TransitionForm({ detail, state, onClose }: { detail: CaseDetail; state: CaseState; onClose: (done: string | null) => void }) {
  const transition = useTransitionCase(detail.id);
  const [note, setNote] = useState('');
  const tooLong = note.trim().length > 2000;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (tooLong) return;
    transition.mutate(
      { state, note: note.trim() },
      {
        onSuccess: () =>
          onClose(state === 'closed' ? 'The case is closed.' : `The case is now in the phase “${caseStateLabels[state].label}”.`),
      },
    );
  };
  return (
    <form className="form subform" onSubmit={submit} aria-label={actionLabel(state)}>
      <p>
        {state === 'closed' ? (
          <>Closing ends the coordination for good: a closed case cannot be reopened.</>
        ) : (
          <>
            Next phase: <strong>{caseStateLabels[state].label}</strong> — {caseStateLabels[state].phase.toLowerCase()}.
          </>
        )}
      </p>
      <TextAreaField
        label="Note for the change log (optional)"
        name="note"
        rows={3}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        hint={
          tooLong
            ? 'At most 2,000 characters.'
            : state === 'closed'
              ? 'Why, for example “Duplicate of C-2026-…” or “Published as advisory …; no open questions”.'
              : 'Why now, for example “Reproduced on firmware 4.2.1 in the lab”.'
        }
        autoFocus
      />
      <ErrorBanner title="The state was not changed." error={transition.error} />
      <div className="actions">
        <button
          type="submit"
          className={state === 'closed' ? 'button button-danger' : 'button button-primary'}
          disabled={transition.isPending || tooLong}
        >
          {transition.isPending ? 'Saving…' : actionLabel(state)}
        </button>
        <button type="button" className="button" onClick={() => onClose(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "Move to …" buttons (coordinators), or nothing when no state may follow. */
export function TransitionControls({ detail }: { detail: CaseDetail }) {
  const [chosen, setChosen] = useState<CaseState | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (detail.nextStates.length === 0 && !done) return <p className="hint">No further state: the case is closed.</p>;
  return (
    <div className="case-transition">
      {done ? <SuccessMessage>{done}</SuccessMessage> : null}
      {chosen ? (
        <TransitionForm
          key={chosen}
          detail={detail}
          state={chosen}
          onClose={(text) => {
            setChosen(null);
            setDone(text);
          }}
        />
      ) : (
        <div className="actions">
          {detail.nextStates.map((state) => (
            <button
              key={state}
              type="button"
              className={state === 'closed' ? 'button button-danger-outline' : 'button'}
              onClick={() => {
                setDone(null);
                setChosen(state);
              }}
            >
              {actionLabel(state)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
