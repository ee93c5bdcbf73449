// /messages/new: a direct message to people found in the member directory (by name or organisation), with an optional
// title. Without a title it continues my conversation with exactly the same people, if there is one. Other pages open
// it with people already chosen (router state `to`).
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { MAX_PARTICIPANTS } from '../../../shared/api/direct-messages.ts';
import { MAX_POST_LENGTH } from '../../../shared/api/forum.ts';
import { useSendMessage } from '../../api/messages.ts';
import type { DirectoryPerson } from '../../api/types.ts';
import { TextAreaField, TextField } from '../../components/fields.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { ErrorBanner, InfoBox } from '../../components/messages.tsx';
import { PeoplePicker } from '../../components/recipient-pickers.tsx';
import { isReadOnly } from '../../lib/roles.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';

/** Where the "Message" actions put the people to write to. */
export interface NewMessageState {
  to: DirectoryPerson[];
}

function NewMessageForm() {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const initial = (useLocation().state as NewMessageState | null)?.to ?? [];
  const send = useSendMessage();
  const [people, setPeople] = useState<DirectoryPerson[]>(initial);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const tooMany = people.length > MAX_PARTICIPANTS;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!people.length || tooMany || !body.trim()) return;
    send.mutate(
      { personIds: people.map((p) => p.id), body, ...(title.trim() ? { title: title.trim() } : {}) },
      { onSuccess: (view) => void navigate(`/messages/${view.thread.id}`) },
    );
  };
  return (
    <form className="form new-message" onSubmit={submit} aria-label="New message">
      <PeoplePicker
        legend="To"
        hint={`Up to ${MAX_PARTICIPANTS} people. Only they will read the conversation.`}
        selected={people}
        onChange={setPeople}
        excludeIds={[me.person.id]}
      />
      {tooMany ? (
        <div className="banner banner-error" role="alert">
          A conversation has at most {MAX_PARTICIPANTS} people besides you.
        </div>
      ) : null}
      <TextField
        label="Title (optional)"
        name="title"
        maxLength={200}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        hint="Without a title, the message continues your conversation with exactly these people."
      />
      <TextAreaField
        label="Message"
        name="body"
        rows={7}
        maxLength={MAX_POST_LENGTH}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        hint="Markdown: **bold**, lists, `code`, links. Do not include patient data."
      />
      <ErrorBanner title="The message was not sent." error={send.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!people.length || tooMany || !body.trim() || send.isPending}>
          {send.isPending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}

/** The page. */
export function NewMessagePage() {
  usePageTitle('New message');
  const me = useCurrentMe();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/messages">Messages</Link>
      </p>
      <h1>New message</h1>
      <section className="panel new-message-panel">
        {isReadOnly(me) ? (
          <InfoBox title="Read-only access.">Your role lets you read the messages sent to you but not write any.</InfoBox>
        ) : (
          <NewMessageForm />
        )}
      </section>
    </div>
  );
}
