import type { Audience, OrgKind, Tlp } from './vocabulary.ts';

/**
 * The TLP 2.0 rules as pure data (FIRST TLP 2.0): the widest audience each label allows.
 * RED goes to named people only, whatever the audience says.
 */
export const audienceBreadth: Record<Audience, number> = {
  own_org: 0,
  orgs: 1,
  group: 1,
  members: 2,
  partners: 3,
  public: 4,
};

/** The widest audience a label permits (RED: none — named recipients only). */
export const tlpCap: Record<Tlp, Audience | null> = {
  CLEAR: 'public',
  GREEN: 'partners',
  AMBER: 'partners',
  'AMBER+STRICT': 'partners',
  RED: null,
};

/** True when the audience is no wider than the label allows. */
export function isAudienceAllowed(tlp: Tlp, audience: Audience): boolean {
  const cap = tlpCap[tlp];
  if (cap === null) return true; // RED ignores the audience: only the named people see it
  return audienceBreadth[audience] <= audienceBreadth[cap];
}

/** Organisation kinds that count as members of the community (audience "members"). */
export const memberKinds: readonly OrgKind[] = ['operator', 'manufacturer', 'hdo', 'researcher'];
/** Organisation kinds reached by the audience "partners" (members plus partner communities). */
export const partnerKinds: readonly OrgKind[] = [...memberKinds, 'partner'];

/** What each label means, in words shown next to the label. */
export const tlpDescriptions: Record<Tlp, string> = {
  CLEAR: 'Public: may be shared without restriction.',
  GREEN: 'Community: members and partner communities, never public.',
  AMBER: 'Limited: the recipient organisations and their clients, on a need-to-know basis.',
  'AMBER+STRICT': 'Limited: the recipient organisations only.',
  RED: 'Named recipients only.',
};
