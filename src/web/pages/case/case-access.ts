// Who sees what of the cases in the web UI (the server decides; this only chooses what to offer).
import type { Me } from '../../api/types.ts';
import { hasAnyRole, isActiveMember, operatorStaffRoles } from '../../lib/roles.ts';

/** ISAO staff who coordinate cases: coordinators and platform admins of the operator organisation. */
export function isCaseStaff(me: Me): boolean {
  return isActiveMember(me) && me.organisation.kind === 'operator' && hasAnyRole(me, operatorStaffRoles);
}

/** Who gets the "Cases" link: ISAO staff, and people of manufacturers (who may be vendors in a case). */
export function seesCases(me: Me): boolean {
  return isCaseStaff(me) || (isActiveMember(me) && me.organisation.kind === 'manufacturer');
}

/** People who may write (everyone but read-only) answer for their organisation. */
export function mayAnswer(me: Me): boolean {
  return me.person.roles.some((role) => role !== 'read_only');
}
