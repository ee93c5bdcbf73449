// Moderator controls of a thread: pin, lock, move to another channel, hide (with a reason).
import { useState, type FormEvent } from 'react';
import { type ThreadDetail, useChannels, useHideThread, useModerateThread } from '../../api/forum.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { ErrorBanner } from '../../components/messages.tsx';

export function ThreadModeration({ thread }: { thread: ThreadDetail }) {
  const moderate = useModerateThread(thread.id);
  const hide = useHideThread(thread.id);
  const channels = useChannels();
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const others = (channels.data?.items ?? []).filter((c) => c.id !== thread.channelId);
  const move = (event: FormEvent) => {
    event.preventDefault();
    if (target) moderate.mutate({ channelId: target }, { onSuccess: () => setTarget('') });
  };
  const hideThread = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length >= 3) hide.mutate(reason.trim(), { onSuccess: () => setReason('') });
  };
  return (
    <section className="panel forum-moderation" aria-labelledby="moderation-title">
      <h2 id="moderation-title">Moderation</h2>
      <div className="actions">
        <button
          type="button"
          className="button button-small"
          disabled={moderate.isPending}
          onClick={() => moderate.mutate({ pinned: !thread.pinned })}
        >
          {thread.pinned ? 'Unpin' : 'Pin to the top'}
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={moderate.isPending}
          onClick={() => moderate.mutate({ locked: !thread.locked })}
        >
          {thread.locked ? 'Unlock' : 'Lock (no more replies)'}
        </button>
      </div>
      <ErrorBanner title="The thread was not changed." error={moderate.error} />
      <form className="form-inline" onSubmit={move} aria-label="Move the thread">
        <SelectField label="Move to channel" value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">Choose a channel…</option>
          {others.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button-small" disabled={!target || moderate.isPending}>
          Move
        </button>
      </form>
      {thread.hidden ? (
        <p className="muted">This thread is hidden from readers.</p>
      ) : (
        <form className="form-inline" onSubmit={hideThread} aria-label="Hide the thread">
          <TextField label="Reason for hiding" value={reason} minLength={3} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" className="button button-small button-danger" disabled={reason.trim().length < 3 || hide.isPending}>
            Hide the thread
          </button>
        </form>
      )}
      <ErrorBanner title="The thread was not hidden." error={hide.error} />
    </section>
  );
}
