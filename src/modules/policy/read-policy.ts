import { audienceBreadth, memberKinds, partnerKinds, tlpCap } from '../../shared/tlp.ts';
import type { Audience, Tlp } from '../../shared/vocabulary.ts';
import { type Actor, isActiveMember } from './actor.ts';

/** The policy-relevant facts of any shared item (notice, post, STIX object, advisory...). */
export interface SharedItem {
  tlp: Tlp;
  audience: Audience;
  ownerOrgId: string;
  authorId: string;
  recipientOrgIds: readonly string[];
  recipientPersonIds: readonly string[];
  groupId: string | null;
  anonymous: boolean;
  embargoUntil: Date | null;
}

/** A row of any shared-content table, with the standard policy columns. */
export interface SharedRow {
  tlp: Tlp;
  audience: Audience;
  owner_org_id: string;
  author_id: string;
  recipient_org_ids: string[];
  recipient_person_ids: string[];
  group_id: string | null;
  anonymous: boolean;
  embargo_until: Date | string | null;
}

/** The policy facts of a shared-content row. */
export function sharedItemFromRow(r: SharedRow): SharedItem {
  return {
    tlp: r.tlp,
    audience: r.audience,
    ownerOrgId: r.owner_org_id,
    authorId: r.author_id,
    recipientOrgIds: r.recipient_org_ids,
    recipientPersonIds: r.recipient_person_ids,
    groupId: r.group_id,
    anonymous: r.anonymous,
    embargoUntil: r.embargo_until ? new Date(r.embargo_until) : null,
  };
}

/** The audience after the TLP cap: the audience can narrow what the label allows, never widen it. */
export function effectiveAudience(tlp: Tlp, audience: Audience): Audience | null {
  const cap = tlpCap[tlp];
  if (cap === null) return null;
  return audienceBreadth[audience] > audienceBreadth[cap] ? cap : audience;
}

/**
 * The one read decision. The SQL predicate in sql-predicate.ts must agree with it exactly; the
 * reference test checks both against an independent table of the rules.
 */
export function canRead(reader: Actor | null, item: SharedItem, now: Date): boolean {
  const active = isActiveMember(reader) ? reader : null;
  if (active && active.personId === item.authorId) return true;

  const isNamed = active !== null && item.recipientPersonIds.includes(active.personId);
  const isOwnerOrg = active !== null && active.orgId === item.ownerOrgId;
  if (item.embargoUntil !== null && item.embargoUntil.getTime() > now.getTime() && !isNamed && !isOwnerOrg) return false;

  const audience = effectiveAudience(item.tlp, item.audience);
  if (audience === null) return isNamed; // TLP:RED — named recipients only
  if (audience === 'public') return true;
  if (active === null) return false;
  if (isOwnerOrg) return true;
  switch (audience) {
    case 'own_org':
      return false;
    case 'orgs':
      return item.recipientOrgIds.includes(active.orgId);
    case 'group':
      return item.groupId !== null && active.groupIds.includes(item.groupId);
    case 'members':
      return memberKinds.includes(active.orgKind);
    case 'partners':
      return partnerKinds.includes(active.orgKind);
  }
}

/** The contributor is shown to everyone except when anonymous; then only to its own organisation. */
export function canSeeContributor(reader: Actor | null, item: Pick<SharedItem, 'anonymous' | 'ownerOrgId'>): boolean {
  if (!item.anonymous) return true;
  return isActiveMember(reader) && reader.orgId === item.ownerOrgId;
}

/** Recipients lists are shown to the contributing organisation only. */
export function canSeeRecipients(reader: Actor | null, item: Pick<SharedItem, 'ownerOrgId'>): boolean {
  return isActiveMember(reader) && reader.orgId === item.ownerOrgId;
}
