// The reply box under a thread: Markdown with @mentions, by default labelled like the thread; the writer may choose a
// stricter label (up to TLP:RED for named people only) and to post anonymously through the ISAO. In a direct
// conversation a message goes to every participant under the writer's name: no label or anonymity to choose.
import { useState, type FormEvent } from 'react';
import { MAX_POST_LENGTH } from '../../../shared/api/forum.ts';
import { tlpDescriptions } from '../../../shared/tlp.ts';
import { anonymousLabel, tlpLevels, type Tlp } from '../../../shared/vocabulary.ts';
import { type CreatePostBody, type ThreadDetail, useCreatePost } from '../../api/forum.ts';
import type { DirectoryPerson } from '../../api/types.ts';
import { CheckboxField, SelectField } from '../../components/fields.tsx';
import { MentionTextarea } from '../../components/forum/mention-textarea.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { ErrorBanner } from '../../components/messages.tsx';
import { PeoplePicker } from '../../components/recipient-pickers.tsx';

/** The labels a reply may carry: the thread's, or stricter ones. */
function stricterLabels(tlp: Tlp): Tlp[] {
  return tlpLevels.slice(tlpLevels.indexOf(tlp) + 1);
}

export function ReplyComposer({ thread }: { thread: ThreadDetail }) {
  const me = useCurrentMe();
  const post = useCreatePost(thread.id);
  const [body, setBody] = useState('');
  const [tlp, setTlp] = useState<Tlp | ''>('');
  const [people, setPeople] = useState<DirectoryPerson[]>([]);
  const [anonymous, setAnonymous] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const label = tlp || thread.tlp;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    const why = tlp === 'RED' && people.length === 0 ? 'TLP:RED goes to named people only: add at least one person.' : null;
    setProblem(why);
    if (why) return;
    const payload: CreatePostBody = {
      body,
      ...(tlp ? { tlp } : {}),
      ...(tlp === 'RED' ? { recipientPersonIds: people.map((p) => p.id) } : {}),
      ...(anonymous ? { anonymous: true } : {}),
    };
    post.mutate(payload, {
      onSuccess: () => {
        setBody('');
        setTlp('');
        setPeople([]);
      },
    });
  };
  return (
    <form className="form composer" onSubmit={submit} aria-label="Reply to the thread">
      <h2 className="composer-title">Reply</h2>
      <MentionTextarea
        label="Your reply"
        name="body"
        rows={5}
        maxLength={MAX_POST_LENGTH}
        value={body}
        onChange={setBody}
        hint="Markdown. Type @ and a name to mention a person or an organisation."
      />
      <div className="field-row">
        <SelectField
          label="TLP label of the reply"
          name="tlp"
          value={tlp}
          onChange={(e) => setTlp(e.target.value as Tlp | '')}
          hint={`TLP:${label} — ${tlpDescriptions[label]}`}
        >
          <option value="">Same as the thread (TLP:{thread.tlp})</option>
          {stricterLabels(thread.tlp).map((level) => (
            <option key={level} value={level}>
              Stricter: TLP:{level}
            </option>
          ))}
        </SelectField>
      </div>
      {tlp === 'RED' ? <PeoplePicker selected={people} onChange={setPeople} /> : null}
      <CheckboxField
        label="Post anonymously through the ISAO"
        checked={anonymous}
        onChange={(e) => setAnonymous(e.target.checked)}
        hint={`Readers will see “${anonymousLabel(me.organisation.kind)}” instead of your name and organisation.`}
      />
      {problem ? (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      ) : null}
      <ErrorBanner title="The reply was not posted." error={post.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!body.trim() || post.isPending}>
          {post.isPending ? 'Posting…' : 'Post the reply'}
        </button>
      </div>
    </form>
  );
}

/** The next message of a direct conversation. */
export function MessageComposer({ thread }: { thread: ThreadDetail }) {
  const post = useCreatePost(thread.id);
  const [body, setBody] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) post.mutate({ body }, { onSuccess: () => setBody('') });
  };
  return (
    <form className="form composer" onSubmit={submit} aria-label="Write in the conversation">
      <MentionTextarea
        label="Your message"
        name="body"
        rows={4}
        maxLength={MAX_POST_LENGTH}
        value={body}
        onChange={setBody}
        hint="Markdown. TLP:RED: only the participants read it."
      />
      <ErrorBanner title="The message was not sent." error={post.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!body.trim() || post.isPending}>
          {post.isPending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
