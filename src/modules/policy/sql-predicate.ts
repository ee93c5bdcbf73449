import { memberKinds, partnerKinds } from '../../shared/tlp.ts';
import { type Audience, audiences, tlpLevels } from '../../shared/vocabulary.ts';
import { type Actor, isActiveMember } from './actor.ts';
import { effectiveAudience } from './read-policy.ts';

/** Collects positional parameters while SQL is assembled. */
export class SqlParams {
  readonly values: unknown[] = [];
  constructor(initial: readonly unknown[] = []) {
    this.values.push(...initial);
  }
  /** Adds a value and returns its placeholder ($n). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The column names of a shared-content table, so any table can be filtered by the same rule. */
export interface SharedColumns {
  tlp: string;
  audience: string;
  ownerOrgId: string;
  authorId: string;
  recipientOrgIds: string;
  recipientPersonIds: string;
  groupId: string;
  embargoUntil: string;
}

/** The standard column names under a table alias. */
export function sharedColumns(alias: string): SharedColumns {
  return {
    tlp: `${alias}.tlp`,
    audience: `${alias}.audience`,
    ownerOrgId: `${alias}.owner_org_id`,
    authorId: `${alias}.author_id`,
    recipientOrgIds: `${alias}.recipient_org_ids`,
    recipientPersonIds: `${alias}.recipient_person_ids`,
    groupId: `${alias}.group_id`,
    embargoUntil: `${alias}.embargo_until`,
  };
}

// "The effective audience is X" as plain column comparisons, generated from the same TLP cap table
// canRead uses (no CASE expression: the planner estimates these well and keeps using the indexes).
function effectiveAudienceIs(c: SharedColumns, target: Audience): string {
  const arms: string[] = [];
  for (const tlp of tlpLevels) {
    const matching = audiences.filter((a) => effectiveAudience(tlp, a) === target);
    if (matching.length > 0) arms.push(`(${c.tlp} = '${tlp}' AND ${c.audience} IN (${matching.map((a) => `'${a}'`).join(', ')}))`);
  }
  return arms.length > 0 ? `(${arms.join(' OR ')})` : 'FALSE';
}

/**
 * The read decision of canRead() as an SQL predicate, so lists are filtered in the database.
 * Parameters are appended to `params`.
 */
export function visibleFilter(reader: Actor | null, now: Date, params: SqlParams, c: SharedColumns): string {
  const active = isActiveMember(reader) ? reader : null;
  const nowP = params.add(now);
  const notEmbargoed = `(${c.embargoUntil} IS NULL OR ${c.embargoUntil} <= ${nowP})`;
  const effIs = (target: Audience) => effectiveAudienceIs(c, target);
  if (active === null) {
    return `(${notEmbargoed} AND ${effIs('public')})`;
  }
  const me = params.add(active.personId);
  const org = params.add(active.orgId);
  const groups = params.add(active.groupIds);
  const isNamed = `${me}::uuid = ANY(${c.recipientPersonIds})`;
  const isOwnerOrg = `${c.ownerOrgId} = ${org}::uuid`;
  const memberKind = memberKinds.includes(active.orgKind);
  const partnerKind = partnerKinds.includes(active.orgKind);
  return `(${c.authorId} = ${me}::uuid OR (
    (${notEmbargoed} OR ${isNamed} OR ${isOwnerOrg})
    AND (CASE WHEN ${c.tlp} = 'RED' THEN ${isNamed}
      ELSE (${effIs('public')} OR ${isOwnerOrg}
        OR (${effIs('orgs')} AND ${org}::uuid = ANY(${c.recipientOrgIds}))
        OR (${effIs('group')} AND ${c.groupId} = ANY(${groups}::uuid[]))
        ${memberKind ? `OR ${effIs('members')}` : ''}
        ${partnerKind ? `OR ${effIs('partners')}` : ''})
      END)))`;
}
