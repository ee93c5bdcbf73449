// The "Share a notice" form: TLP label, audience within the label's cap, recipients, anonymity, embargo.
import { useState, type FormEvent } from 'react';
import { isAudienceAllowed, tlpCap, tlpDescriptions } from '../../shared/tlp.ts';
import { anonymousLabel, audienceLabels, audiences, tlpLevels, type Audience, type Tlp } from '../../shared/vocabulary.ts';
import { useGroups } from '../api/groups.ts';
import { useCreateNotice } from '../api/notices.ts';
import type { CreateNoticeBody, DirectoryPerson, Notice } from '../api/types.ts';
import { localInputToIso } from '../lib/time.ts';
import { CheckboxField, SelectField, TextAreaField, TextField } from './fields.tsx';
import { useCurrentMe } from './me-context.tsx';
import { ErrorBanner } from './messages.tsx';
import { OrganisationPicker, PeoplePicker } from './recipient-pickers.tsx';

/** The audience to fall back to when a new label no longer allows the chosen one. */
function narrowAudience(tlp: Tlp, audience: Audience): Audience {
  if (isAudienceAllowed(tlp, audience)) return audience;
  return tlpCap[tlp] ?? 'own_org';
}

/** What is missing before the notice can be sent, or null. */
function missing(tlp: Tlp, audience: Audience, orgIds: string[], groupId: string, people: DirectoryPerson[]): string | null {
  if (tlp === 'RED') return people.length ? null : 'TLP:RED goes to named people only: add at least one person.';
  if (audience === 'orgs' && orgIds.length === 0) return 'Choose at least one organisation.';
  if (audience === 'group' && !groupId) return 'Choose a sharing group.';
  return null;
}

/** Form to share a new notice with the community; the parent remounts it (new key) after onShared to clear it. */
export function NoticeForm({ onShared }: { onShared: (notice: Notice) => void }) {
  const me = useCurrentMe();
  const create = useCreateNotice();
  const groups = useGroups();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [tlp, setTlp] = useState<Tlp>('AMBER');
  const [audience, setAudience] = useState<Audience>('members');
  const [orgIds, setOrgIds] = useState<string[]>([]);
  const [groupId, setGroupId] = useState('');
  const [people, setPeople] = useState<DirectoryPerson[]>([]);
  const [anonymous, setAnonymous] = useState(false);
  const [embargo, setEmbargo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const changeTlp = (next: Tlp) => {
    setTlp(next);
    setAudience((current) => narrowAudience(next, current));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const why = missing(tlp, audience, orgIds, groupId, people);
    setProblem(why);
    if (why) return;
    const red = tlp === 'RED';
    const payload: CreateNoticeBody = {
      title: title.trim(),
      body,
      tlp,
      audience: red ? 'own_org' : audience,
      anonymous,
      ...(!red && audience === 'orgs' ? { recipientOrgIds: orgIds } : {}),
      ...(!red && audience === 'group' ? { groupId } : {}),
      ...(red ? { recipientPersonIds: people.map((p) => p.id) } : {}),
      ...(embargo ? { embargoUntil: localInputToIso(embargo) } : {}),
    };
    create.mutate(payload, { onSuccess: onShared });
  };

  return (
    <form className="form" onSubmit={submit} aria-labelledby="share-title">
      <TextField label="Title" name="title" required maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
      <TextAreaField
        label="Details"
        name="body"
        rows={7}
        maxLength={20000}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        hint="Affected devices and versions, indicators, mitigations. Do not include patient data."
      />
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
            hint={`TLP:${tlp} allows at most: ${audienceLabels[tlpCap[tlp] ?? 'own_org']}.`}
          >
            {audiences.map((option) => (
              <option key={option} value={option} disabled={!isAudienceAllowed(tlp, option)}>
                {audienceLabels[option]}
                {isAudienceAllowed(tlp, option) ? '' : ` (not allowed for TLP:${tlp})`}
              </option>
            ))}
          </SelectField>
          {audience === 'orgs' ? <OrganisationPicker ownOrgId={me.organisation.id} selected={orgIds} onChange={setOrgIds} /> : null}
          {audience === 'group' ? (
            <SelectField
              label="Sharing group"
              name="groupId"
              required
              value={groupId}
              onChange={(e) => setGroupId(e.target.value)}
              hint={groups.data?.items.length === 0 ? 'You are not in any sharing group yet.' : undefined}
            >
              <option value="">Choose a group…</option>
              {(groups.data?.items ?? []).map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </SelectField>
          ) : null}
        </>
      )}
      <CheckboxField
        label="Share anonymously through the ISAO"
        checked={anonymous}
        onChange={(e) => setAnonymous(e.target.checked)}
        hint={`Readers see “${anonymousLabel(me.organisation.kind)}” instead of your organisation. ISAO platform admins can still reveal the contributor; every such look is audited.`}
      />
      <TextField
        label="Embargo until (optional)"
        name="embargoUntil"
        type="datetime-local"
        value={embargo}
        onChange={(e) => setEmbargo(e.target.value)}
        hint="Your local time. Recipients must not act on or publish it before then."
      />
      {problem ? (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      ) : null}
      <ErrorBanner title="The notice was not shared." error={create.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Sharing…' : 'Share notice'}
        </button>
      </div>
    </form>
  );
}
