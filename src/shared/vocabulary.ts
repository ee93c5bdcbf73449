/** The fixed vocabularies of OpenISAO, shared by server, web and CLI (no node:* imports here). */

/** TLP 2.0 labels, from most open to most restricted. */
export const tlpLevels = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof tlpLevels)[number];

/** Who an item is addressed to; the TLP label caps it, the audience can only narrow it. */
export const audiences = ['own_org', 'orgs', 'group', 'members', 'partners', 'public'] as const;
export type Audience = (typeof audiences)[number];

export const orgKinds = ['operator', 'manufacturer', 'hdo', 'researcher', 'partner', 'observer'] as const;
export type OrgKind = (typeof orgKinds)[number];

export const orgStatuses = ['pending', 'active', 'rejected', 'suspended'] as const;
export type OrgStatus = (typeof orgStatuses)[number];

/** Roles inside a member organisation. */
export const memberRoles = ['org_admin', 'analyst', 'member', 'read_only'] as const;
/** Roles that exist only in the operator organisation. */
export const operatorRoles = ['coordinator', 'platform_admin'] as const;
export const roles = [...memberRoles, ...operatorRoles] as const;
export type Role = (typeof roles)[number];

/** What an API token may do. */
export const tokenScopes = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof tokenScopes)[number];

export const orgKindLabels: Record<OrgKind, string> = {
  operator: 'ISAO operator',
  manufacturer: 'Manufacturer',
  hdo: 'Hospital / healthcare delivery organisation',
  researcher: 'Security researcher',
  partner: 'Partner community (ISAC/ISAO)',
  observer: 'Observer (regulator)',
};

export const audienceLabels: Record<Audience, string> = {
  own_org: 'My organisation',
  orgs: 'Named organisations',
  group: 'A sharing group',
  members: 'All members',
  partners: 'Members and partner communities',
  public: 'Public',
};

/** How an anonymous contributor is shown: "a member manufacturer", never the name. */
export function anonymousLabel(kind: OrgKind): string {
  return kind === 'hdo' ? 'a member hospital' : `a member ${kind === 'operator' ? 'of the ISAO staff' : kind}`;
}

/** Roles a person of an organisation of this kind may hold (operator roles stay with the operator). */
export function rolesAllowedFor(kind: OrgKind): readonly Role[] {
  return kind === 'operator' ? roles : memberRoles;
}
