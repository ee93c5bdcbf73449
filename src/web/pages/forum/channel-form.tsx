// "New channel": ISAO staff open topic, device-class and group channels; an organisation admin may open a channel for a
// sharing group of theirs (only that group's organisations see it).
import { useState, type FormEvent } from 'react';
import { channelKinds } from '../../../shared/api/forum.ts';
import { type Channel, type ChannelKind, useCreateChannel } from '../../api/forum.ts';
import { useGroups } from '../../api/groups.ts';
import { SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { channelKindLabels } from './forum-labels.ts';

/** The form; `staff` offers every kind, otherwise group channels only. */
export function ChannelForm({ staff, onCreated }: { staff: boolean; onCreated?: (channel: Channel) => void }) {
  const create = useCreateChannel();
  const groups = useGroups();
  const kinds = staff ? channelKinds : (['group'] as const);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<ChannelKind>(kinds[0]);
  const [deviceClass, setDeviceClass] = useState('');
  const [groupId, setGroupId] = useState('');
  const [created, setCreated] = useState<Channel | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name: name.trim(),
        kind,
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(kind === 'device_class' && deviceClass.trim() ? { deviceClass: deviceClass.trim() } : {}),
        ...(kind === 'group' && groupId ? { groupId } : {}),
      },
      {
        onSuccess: (channel) => {
          setCreated(channel);
          setName('');
          setDescription('');
          setDeviceClass('');
          onCreated?.(channel);
        },
      },
    );
  };
  return (
    <form className="form" onSubmit={submit} aria-labelledby="new-channel-title">
      <h2 id="new-channel-title">New channel</h2>
      {created ? <SuccessMessage>The channel “{created.name}” is open.</SuccessMessage> : null}
      <TextField label="Name" name="name" required minLength={2} maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
      <TextAreaField
        label="Description (optional)"
        name="description"
        rows={2}
        maxLength={500}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <SelectField label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as ChannelKind)}>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {channelKindLabels[k]}
          </option>
        ))}
      </SelectField>
      {kind === 'device_class' ? (
        <TextField
          label="Device class"
          name="deviceClass"
          required
          maxLength={80}
          value={deviceClass}
          onChange={(e) => setDeviceClass(e.target.value)}
          hint="For example: infusion pumps, patient monitors, imaging."
        />
      ) : null}
      {kind === 'group' ? (
        <SelectField
          label="Sharing group"
          name="groupId"
          required
          value={groupId}
          onChange={(e) => setGroupId(e.target.value)}
          hint="Only this group's organisations will see the channel."
        >
          <option value="">Choose a group…</option>
          {(groups.data?.items ?? []).map((group) => (
            <option key={group.id} value={group.id}>
              {group.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <ErrorBanner title="The channel was not opened." error={create.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Opening…' : 'Open the channel'}
        </button>
      </div>
    </form>
  );
}
