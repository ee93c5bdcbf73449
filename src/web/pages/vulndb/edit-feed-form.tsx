// Changing a feed's name, URL and interval in place (platform admins); only what changed is sent.
import { useState, type FormEvent } from 'react';
import { type Feed, type UpdateFeedBody, useUpdateFeed } from '../../api/feeds.ts';
import { ErrorBanner } from '../../components/messages.tsx';
import { FeedTextField, IntervalField } from './feed-fields.tsx';
import { type IntervalUnit, fieldErrors, splitInterval, unitMinutes } from './feed-format.ts';

/** The edit form of one feed; `onDone` closes it (after saving or cancelling). */
export function EditFeedForm({ feed, onDone }: { feed: Feed; onDone: () => void }) {
  const update = useUpdateFeed(feed.id);
  const initial = splitInterval(feed.intervalMinutes);
  const [name, setName] = useState(feed.name);
  const [url, setUrl] = useState(feed.url);
  const [every, setEvery] = useState(String(initial.value));
  const [unit, setUnit] = useState<IntervalUnit>(initial.unit);
  const errors = fieldErrors(update.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: UpdateFeedBody = {};
    const intervalMinutes = Math.round(Number(every) * unitMinutes(unit));
    if (name.trim() !== feed.name) body.name = name.trim();
    if (url.trim() !== feed.url) body.url = url.trim();
    if (intervalMinutes !== feed.intervalMinutes) body.intervalMinutes = intervalMinutes;
    if (Object.keys(body).length === 0) {
      onDone();
      return;
    }
    update.mutate(body, { onSuccess: onDone });
  };

  return (
    <form className="form subform feed-edit" onSubmit={submit} aria-label={`Change ${feed.name}`}>
      <div className="field-row">
        <FeedTextField label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <IntervalField value={every} unit={unit} onValue={setEvery} onUnit={setUnit} error={errors.intervalMinutes} />
      </div>
      <FeedTextField
        label="URL"
        type="url"
        required
        maxLength={2000}
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={errors.url}
        hint="A new URL is fetched afresh within a minute."
      />
      {Object.keys(errors).length ? null : <ErrorBanner title="The feed was not changed." error={update.error} />}
      <div className="actions">
        <button type="submit" className="button button-primary button-small" disabled={update.isPending}>
          Save
        </button>
        <button type="button" className="button button-small" onClick={onDone} disabled={update.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
