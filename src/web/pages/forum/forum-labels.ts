// Words for the forum's vocabularies, and which audiences a channel allows for a label.
import { audienceBreadth, isAudienceAllowed } from '../../../shared/tlp.ts';
import { audiences, type Audience, type Tlp } from '../../../shared/vocabulary.ts';
import type { Channel, ChannelKind, Reaction } from '../../api/forum.ts';

export const channelKindLabels: Record<ChannelKind, string> = {
  topic: 'Topic',
  device_class: 'Device class',
  group: 'Sharing group',
};

export const reactionLabels: Record<Reaction, string> = {
  seen_too: '+1 we see this too',
  thanks: 'Thanks',
  useful: 'Useful',
};

/** "Infusion pumps" for a device-class channel, the group's name for a group channel, else the kind. */
export function channelScope(channel: Channel): string {
  if (channel.kind === 'device_class' && channel.deviceClass) return `${channelKindLabels.device_class}: ${channel.deviceClass}`;
  if (channel.kind === 'group') return `${channelKindLabels.group}: ${channel.groupName ?? 'a sharing group'}`;
  return channelKindLabels[channel.kind];
}

/** Whether a thread in this channel may have this audience: no wider than the channel allows; "group" only in group channels. */
export function channelAllows(channel: Channel, audience: Audience): boolean {
  if (audience === 'group') return channel.kind === 'group';
  return audienceBreadth[audience] <= audienceBreadth[channel.widestAudience];
}

/** The audiences a new thread may choose under this label in this channel, narrowest first. */
export function audienceChoices(channel: Channel, tlp: Tlp): Audience[] {
  return audiences.filter((a) => channelAllows(channel, a) && isAudienceAllowed(tlp, a));
}

/** The widest of the choices (the default), or "own_org". */
export function widestChoice(channel: Channel, tlp: Tlp): Audience {
  return audienceChoices(channel, tlp).at(-1) ?? 'own_org';
}
