/**
 * Who may see a channel, the widest label a thread in it may carry, and the label rules of threads and replies.
 * Reading threads and posts is the policy module's (canRead / visibleFilter on their policy columns); these rules keep
 * what is written within what the channel and the thread allow.
 */
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { audienceBreadth, isAudienceAllowed, partnerKinds, tlpCap } from '../../shared/tlp.ts';
import { type Audience, type Tlp, tlpLevels } from '../../shared/vocabulary.ts';
import { loadActor } from '../members/actor-loader.ts';
import { type Actor, type SharedItem, canRead, isActiveMember, isOperatorStaff } from '../policy/index.ts';

export interface ChannelRow {
  id: string;
  name: string;
  description: string;
  /** direct: the one channel holding every direct conversation (never listed; threads reach only their participants). */
  kind: 'topic' | 'device_class' | 'group' | 'direct';
  device_class: string | null;
  group_id: string | null;
  group_name: string | null;
  archived: boolean;
}

/**
 * Topic and device-class channels are for members and partner communities; a group channel for the group's
 * organisations; the direct channel for every active member (each conversation in it is TLP:RED to its participants).
 */
export function canSeeChannel(actor: Actor | null, channel: Pick<ChannelRow, 'kind' | 'group_id'>): boolean {
  if (!isActiveMember(actor)) return false;
  if (channel.kind === 'group') return channel.group_id !== null && actor.groupIds.includes(channel.group_id);
  return channel.kind === 'direct' || partnerKinds.includes(actor.orgKind);
}

/** The channels predicate for SQL (alias c), parameters appended. */
export function visibleChannelsSql(actor: Actor, add: (v: unknown) => string): string {
  const groups = add(actor.groupIds);
  const partner = partnerKinds.includes(actor.orgKind);
  return `(c.kind = 'group' AND c.group_id = ANY(${groups}::uuid[])) OR c.kind = 'direct'${partner ? " OR c.kind <> 'group'" : ''}`;
}

export function widestAudience(channel: Pick<ChannelRow, 'kind'>): Audience {
  return channel.kind === 'group' ? 'group' : 'partners';
}

/** Coordinators and platform admins moderate (pin, lock, hide, move) what they can see. */
export function canModerate(actor: Actor | null): boolean {
  return isOperatorStaff(actor);
}

/** Direct conversations belong to their participants: nobody pins, locks, moves, hides or reports anything in them. */
export function assertModeratable(channel: Pick<ChannelRow, 'kind'>): void {
  if (channel.kind === 'direct')
    throw new AppError('conflict', 'Direct conversations are not moderated: pin, lock, move, hide and reports do not apply to them.');
}

export const tlpRank = (tlp: Tlp) => tlpLevels.indexOf(tlp);

export interface ThreadLabelInput {
  tlp: Tlp;
  audience: Audience;
  recipientOrgIds?: string[] | undefined;
  recipientPersonIds?: string[] | undefined;
  anonymous?: boolean | undefined;
  embargoUntil?: string | undefined;
}

/** The policy facts of a new thread, after checking the label against the channel. */
export async function threadLabel(
  db: Queryable,
  actor: Actor,
  channel: ChannelRow,
  input: ThreadLabelInput,
  now: Date,
): Promise<SharedItem> {
  if (!isAudienceAllowed(input.tlp, input.audience))
    throw new AppError(
      'validation_failed',
      `TLP:${input.tlp} allows at most the audience "${tlpCap[input.tlp]}"; the audience can only narrow the label.`,
    );
  const widest = widestAudience(channel);
  if (audienceBreadth[input.audience] > audienceBreadth[widest] || (input.audience === 'group' && channel.kind !== 'group'))
    throw new AppError('validation_failed', `In this channel a thread reaches at most "${widest}".`);
  const orgIds = [...new Set(input.recipientOrgIds ?? [])];
  const people = [...new Set(input.recipientPersonIds ?? [])];
  if (input.tlp === 'RED' && people.length === 0) throw new AppError('validation_failed', 'TLP:RED needs at least one named recipient.');
  if (input.audience === 'orgs' && orgIds.length === 0)
    throw new AppError('validation_failed', 'Name at least one recipient organisation.');
  if (input.audience !== 'orgs' && orgIds.length > 0)
    throw new AppError('validation_failed', 'Recipient organisations are only used with the audience "orgs".');
  if (input.tlp !== 'RED' && people.length > 0 && input.audience !== 'orgs')
    throw new AppError('validation_failed', 'Named people are used with TLP:RED (or together with named organisations).');
  const embargo = input.embargoUntil ? new Date(input.embargoUntil) : null;
  if (embargo && embargo.getTime() <= now.getTime()) throw new AppError('validation_failed', 'The embargo must end in the future.');
  const item: SharedItem = {
    tlp: input.tlp,
    audience: input.audience,
    ownerOrgId: actor.orgId,
    authorId: actor.personId,
    recipientOrgIds: orgIds,
    recipientPersonIds: people,
    groupId: channel.kind === 'group' ? channel.group_id : null,
    anonymous: input.anonymous ?? false,
    embargoUntil: embargo,
  };
  if (orgIds.length > 0) {
    const rows = await db.query<{ id: string; in_group: boolean }>(
      `SELECT o.id, EXISTS (SELECT 1 FROM sharing_group_members m WHERE m.org_id = o.id AND m.group_id = $2) AS in_group
         FROM organisations o WHERE o.id = ANY($1::uuid[]) AND o.status = 'active'`,
      [orgIds, channel.group_id],
    );
    if (rows.length !== orgIds.length) throw new AppError('validation_failed', 'Every recipient organisation must be an active member.');
    if (channel.kind === 'group' && rows.some((r) => !r.in_group))
      throw new AppError('validation_failed', "Every recipient organisation must be in this channel's sharing group.");
  }
  await checkNamedPeople(db, channel, people, item, now);
  return item;
}

/** Named people must be active, able to see the channel, and able to read the item. */
async function checkNamedPeople(db: Queryable, channel: ChannelRow, people: string[], item: SharedItem, now: Date): Promise<void> {
  for (const id of people) {
    const person = await loadActor(db, id);
    if (!person || !isActiveMember(person))
      throw new AppError('validation_failed', 'Every named recipient must be an active person of a member organisation.');
    if (!canSeeChannel(person, channel) || !canRead(person, item, now))
      throw new AppError('validation_failed', `${person.name} cannot see this channel or thread, so cannot be named.`);
  }
}

/**
 * The facts of a reply: its thread's, unless a stricter label is asked for. A reply is never more widely visible than
 * its thread: the audience and recipients stay the thread's, and RED narrows to named people who can read the thread.
 */
export async function replyLabel(
  db: Queryable,
  actor: Actor,
  channel: ChannelRow,
  thread: SharedItem,
  input: { tlp?: Tlp | undefined; recipientPersonIds?: string[] | undefined; anonymous?: boolean | undefined },
  now: Date,
): Promise<SharedItem> {
  if (channel.kind === 'direct' && (input.recipientPersonIds?.length || input.anonymous))
    throw new AppError('validation_failed', 'A direct message goes to every participant of the conversation, under their names.');
  const tlp = input.tlp ?? thread.tlp;
  if (tlpRank(tlp) < tlpRank(thread.tlp))
    throw new AppError('validation_failed', `A reply cannot be more open than its thread (TLP:${thread.tlp}).`);
  const people = [...new Set(input.recipientPersonIds ?? [])];
  if (tlp === 'RED' && thread.tlp !== 'RED' && people.length === 0)
    throw new AppError('validation_failed', 'A TLP:RED reply needs at least one named recipient.');
  if (tlp !== 'RED' && people.length > 0) throw new AppError('validation_failed', 'Named recipients are only used with TLP:RED.');
  const item: SharedItem = {
    ...thread,
    tlp,
    ownerOrgId: actor.orgId,
    authorId: actor.personId,
    // The thread's starter always sees the replies: their organisation (audience "orgs") and, under RED, themselves.
    recipientPersonIds:
      tlp === 'RED'
        ? [...new Set([...(people.length > 0 ? people : thread.recipientPersonIds), thread.authorId])]
        : [...thread.recipientPersonIds],
    recipientOrgIds:
      thread.audience === 'orgs' ? [...new Set([...thread.recipientOrgIds, thread.ownerOrgId])] : [...thread.recipientOrgIds],
    anonymous: input.anonymous ?? false,
  };
  if (people.length > 0) await checkNamedPeople(db, channel, people, thread, now);
  return item;
}
