import type { OrgKind, OrgStatus, Role } from '../../shared/vocabulary.ts';

/** ISO string of a database timestamp (or null). */
export const iso = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : new Date(d).toISOString();

export interface OrgRow {
  id: string;
  name: string;
  kind: OrgKind;
  status: OrgStatus;
  country: string | null;
  website: string | null;
  require_mfa: boolean;
  created_at: Date;
}
/** An organisation as the API shows it. */
export const presentOrg = (r: OrgRow) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  status: r.status,
  country: r.country,
  website: r.website,
  requireMfa: r.require_mfa,
  createdAt: iso(r.created_at)!,
});

export interface PersonRow {
  id: string;
  org_id: string;
  email: string;
  name: string;
  roles: Role[];
  status: 'active' | 'disabled';
  totp_enabled_at: Date | null;
  last_sign_in_at: Date | null;
}
/** A person as their organisation's admins see them. */
export const presentPerson = (r: PersonRow) => ({
  id: r.id,
  orgId: r.org_id,
  email: r.email,
  name: r.name,
  roles: r.roles,
  status: r.status,
  mfaEnabled: r.totp_enabled_at !== null,
  lastSignInAt: iso(r.last_sign_in_at),
});
