import type { OrgKind, OrgStatus, Role, TokenScope } from '../../shared/vocabulary.ts';

/** Who is asking: a signed-in person (by session or API token), with what policy needs to know. */
export interface Actor {
  personId: string;
  email: string;
  name: string;
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  orgStatus: OrgStatus;
  orgRequireMfa: boolean;
  roles: Role[];
  /** Sharing groups the person's organisation belongs to. */
  groupIds: string[];
  mfaEnabled: boolean;
  timeZone: string;
  via: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
  tokenId: string | null;
  /** Token scopes; null for a session (which has every scope its roles allow). */
  scopes: TokenScope[] | null;
}

/** The organisation is an approved, active member. */
export function isActiveMember(actor: Actor | null): actor is Actor {
  return actor !== null && actor.orgStatus === 'active';
}

export function hasRole(actor: Actor | null, ...wanted: Role[]): boolean {
  return actor !== null && wanted.some((r) => actor.roles.includes(r));
}

/** An administrator of the ISAO platform itself. */
export function isPlatformAdmin(actor: Actor | null): boolean {
  return isActiveMember(actor) && actor.orgKind === 'operator' && actor.roles.includes('platform_admin');
}

/** ISAO staff who coordinate (coordinators and platform admins). */
export function isOperatorStaff(actor: Actor | null): boolean {
  return isActiveMember(actor) && actor.orgKind === 'operator' && hasRole(actor, 'coordinator', 'platform_admin');
}

/** An administrator of the given organisation (or a platform admin, who administers all). */
export function isOrgAdminOf(actor: Actor | null, orgId: string): boolean {
  if (isPlatformAdmin(actor)) return true;
  return actor !== null && actor.orgId === orgId && actor.roles.includes('org_admin') && actor.orgStatus !== 'rejected';
}

/** May write shared content (everyone but read-only people, in an active member organisation). */
export function canContribute(actor: Actor | null): boolean {
  return isActiveMember(actor) && actor.roles.some((r) => r !== 'read_only');
}

/**
 * Everything about a reader that a policy decision may depend on, as a key for cached reads: two readers with the
 * same key are the same person with the same organisation, kind, status, roles and groups. The credential (session
 * or token) is left out: it decides whether a route may be used, never what a read returns.
 */
export function readerCacheKey(reader: Actor | null): string {
  if (reader === null) return 'signed-out';
  // Actors come from the credential caches and are never changed: the key is made once per actor object.
  let key = readerKeys.get(reader);
  if (key === undefined) readerKeys.set(reader, (key = makeReaderKey(reader)));
  return key;
}

const readerKeys = new WeakMap<Actor, string>();

function makeReaderKey(reader: Actor): string {
  const { personId, orgId, orgKind, orgStatus, roles, groupIds, mfaEnabled, orgRequireMfa, email, name, orgName, timeZone } = reader;
  return JSON.stringify([
    personId,
    orgId,
    orgKind,
    orgStatus,
    [...roles].sort(),
    [...groupIds].sort(),
    mfaEnabled,
    orgRequireMfa,
    email,
    name,
    orgName,
    timeZone,
  ]);
}
