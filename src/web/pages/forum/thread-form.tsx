// "New thread" in a channel: title, Markdown body with @mentions, the TLP label (its meaning shown), an audience no
// wider than the label and the channel allow, named organisations or people, anonymity through the ISAO, an embargo.
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { MAX_POST_LENGTH } from '../../../shared/api/forum.ts';
import { tlpDescriptions } from '../../../shared/tlp.ts';
import { anonymousLabel, audienceLabels, tlpLevels, type Audience, type Tlp } from '../../../shared/vocabulary.ts';
import { type Channel, type CreateThreadBody, useCreateThread } from '../../api/forum.ts';
import type { DirectoryPerson } from '../../api/types.ts';
import { CheckboxField, SelectField, TextField } from '../../components/fields.tsx';
import { MentionTextarea } from '../../components/forum/mention-textarea.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { ErrorBanner } from '../../components/messages.tsx';
import { OrganisationPicker, PeoplePicker } from '../../components/recipient-pickers.tsx';
import { localInputToIso } from '../../lib/time.ts';
import { audienceChoices, widestChoice } from './forum-labels.ts';

const bodyHint = 'Markdown: **bold**, lists, `code`, links. Type @ and a name to mention someone. Do not include patient data.';

/** What is missing before the thread can be started, or null. */
function missing(tlp: Tlp, audience: Audience, orgIds: string[], people: DirectoryPerson[]): string | null {
  if (tlp === 'RED') return people.length ? null : 'TLP:RED goes to named people only: add at least one person.';
  if (audience === 'orgs' && orgIds.length === 0) return 'Choose at least one organisation.';
  return null;
}

/** The form; on success it opens the new thread. */
export function ThreadForm({ channel }: { channel: Channel }) {
  const me = useCurrentMe();
  const navigate = useNavigate();
  const create = useCreateThread(channel.id);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [tlp, setTlp] = useState<Tlp>('AMBER');
  const [audience, setAudience] = useState<Audience>(() => widestChoice(channel, 'AMBER'));
  const [orgIds, setOrgIds] = useState<string[]>([]);
  const [people, setPeople] = useState<DirectoryPerson[]>([]);
  const [anonymous, setAnonymous] = useState(false);
  const [embargo, setEmbargo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const choices = audienceChoices(channel, tlp);

  const changeTlp = (next: Tlp) => {
    setTlp(next);
    if (!audienceChoices(channel, next).includes(audience)) setAudience(widestChoice(channel, next));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const why = missing(tlp, audience, orgIds, people);
    setProblem(why);
    if (why) return;
    const red = tlp === 'RED';
    const payload: CreateThreadBody = {
      title: title.trim(),
      body,
      tlp,
      audience: red ? 'own_org' : audience,
      anonymous,
      ...(!red && audience === 'orgs' ? { recipientOrgIds: orgIds } : {}),
      ...(red ? { recipientPersonIds: people.map((p) => p.id) } : {}),
      ...(embargo ? { embargoUntil: localInputToIso(embargo) } : {}),
    };
    create.mutate(payload, { onSuccess: (view) => void navigate(`/forum/threads/${view.thread.id}`) });
  };

  return (
    <form className="form" onSubmit={submit} aria-labelledby="new-thread-title">
      <TextField
        label="Title"
        name="title"
        required
        minLength={3}
        maxLength={200}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <MentionTextarea label="Message" name="body" rows={7} maxLength={MAX_POST_LENGTH} value={body} onChange={setBody} hint={bodyHint} />
      <SelectField label="TLP label" name="tlp" value={tlp} onChange={(e) => changeTlp(e.target.value as Tlp)} hint={tlpDescriptions[tlp]}>
        {tlpLevels.map((level) => (
          <option key={level} value={level}>
            TLP:{level}
          </option>
        ))}
      </SelectField>
      {tlp === 'RED' ? (
        <PeoplePicker selected={people} onChange={setPeople} />
      ) : (
        <>
          <SelectField
            label="Audience"
            name="audience"
            value={audience}
            onChange={(e) => setAudience(e.target.value as Audience)}
            hint={`This channel allows at most: ${audienceLabels[channel.widestAudience]}${
              channel.kind === 'group' ? ` (${channel.groupName ?? 'its sharing group'})` : ''
            }.`}
          >
            {choices.map((option) => (
              <option key={option} value={option}>
                {option === 'group' && channel.groupName ? `${audienceLabels.group}: ${channel.groupName}` : audienceLabels[option]}
              </option>
            ))}
          </SelectField>
          {audience === 'orgs' ? <OrganisationPicker ownOrgId={me.organisation.id} selected={orgIds} onChange={setOrgIds} /> : null}
          {audience === 'orgs' && channel.kind === 'group' ? (
            <p className="hint">Only organisations of {channel.groupName ?? 'the channel’s sharing group'} can be named here.</p>
          ) : null}
        </>
      )}
      <CheckboxField
        label="Post anonymously through the ISAO"
        checked={anonymous}
        onChange={(e) => setAnonymous(e.target.checked)}
        hint={`Readers will see “${anonymousLabel(me.organisation.kind)}” instead of your name and organisation. ISAO platform admins can still reveal the contributor; every such look is audited.`}
      />
      <TextField
        label="Embargo until (optional)"
        name="embargoUntil"
        type="datetime-local"
        value={embargo}
        onChange={(e) => setEmbargo(e.target.value)}
        hint="Your local time. Until then only your organisation and named people see the thread."
      />
      {problem ? (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      ) : null}
      <ErrorBanner title="The thread was not started." error={create.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Posting…' : 'Start the thread'}
        </button>
      </div>
    </form>
  );
}
