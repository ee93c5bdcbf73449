// Role helpers: human labels and what each role may see in the navigation.
import type { Role } from '../../shared/vocabulary.ts';
import type { Me } from '../api/types.ts';

/** Human labels of the roles. */
export const roleLabels: Record<Role, string> = {
  org_admin: 'Organisation admin',
  analyst: 'Analyst',
  member: 'Member',
  read_only: 'Read-only',
  coordinator: 'ISAO coordinator',
  platform_admin: 'Platform admin',
};

/** True when the person holds any of the roles. */
export function hasAnyRole(me: Me, roles: readonly Role[]): boolean {
  return me.person.roles.some((role) => roles.includes(role));
}

/** Organisation admins manage their own organisation. */
export const orgAdminRoles: readonly Role[] = ['org_admin'];
/** Operator staff who review applications and manage organisations. */
export const operatorStaffRoles: readonly Role[] = ['coordinator', 'platform_admin'];
/** Who may read the audit log. */
export const auditRoles: readonly Role[] = ['platform_admin', 'org_admin'];

/** True when the organisation is an active member (pending, rejected and suspended see only their status). */
export function isActiveMember(me: Me): boolean {
  return me.organisation.status === 'active';
}

/** Read-only people read shared content but write none (no notices, posts or messages). */
export function isReadOnly(me: Me): boolean {
  return me.person.roles.every((role) => role === 'read_only');
}
