import type { AppContext } from '../../server/context.ts';
import { appendAccessChanged } from '../events/index.ts';
import type { Queryable } from '../../server/db/client.ts';
import { AppError } from '../../server/http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, isOrgAdminOf, isOperatorStaff, isPlatformAdmin, canContribute } from '../policy/index.ts';

interface GroupRow {
  id: string;
  name: string;
  description: string;
  confidential: boolean;
  owner_org_id: string;
  created_at: Date;
  my_added_at: Date | null;
}

/** The owning organisation's admins and platform admins manage a group. */
function canManage(actor: Actor, group: Pick<GroupRow, 'owner_org_id'>): boolean {
  return isPlatformAdmin(actor) || isOrgAdminOf(actor, group.owner_org_id);
}

/** A group is visible to its owner organisation, its member organisations and platform admins. */
function canSee(actor: Actor, group: GroupRow): boolean {
  return canManage(actor, group) || actor.orgId === group.owner_org_id || group.my_added_at !== null;
}

const groupSelect = `SELECT g.*, (SELECT m.added_at FROM sharing_group_members m WHERE m.group_id = g.id AND m.org_id = $1) AS my_added_at FROM sharing_groups g`;

/**
 * How a group is shown: a confidential group's member list (and count) only to those who manage it;
 * everyone in it always sees the group and their own membership.
 */
async function present(db: Queryable, actor: Actor, g: GroupRow) {
  const manage = canManage(actor, g);
  const showMembers = manage || !g.confidential;
  let members: { orgId: string; orgName: string; addedAt: string }[] | null = null;
  if (showMembers) {
    const rows = await db.query<{ org_id: string; name: string; added_at: Date }>(
      `SELECT m.org_id, o.name, m.added_at FROM sharing_group_members m JOIN organisations o ON o.id = m.org_id
       WHERE m.group_id = $1 ORDER BY lower(o.name)`,
      [g.id],
    );
    members = rows.map((r) => ({ orgId: r.org_id, orgName: r.name, addedAt: new Date(r.added_at).toISOString() }));
  }
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    confidential: g.confidential,
    // A confidential group does not name its owner to members who do not manage it.
    ownerOrgId: showMembers ? g.owner_org_id : null,
    createdAt: new Date(g.created_at).toISOString(),
    canManage: manage,
    members,
    myMembership: g.my_added_at ? { addedAt: new Date(g.my_added_at).toISOString() } : null,
    memberCount: members ? members.length : null,
  };
}

/** The groups I belong to or manage (platform admins: all). */
export async function listGroups(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db.query<GroupRow>(`${groupSelect} ORDER BY lower(g.name)`, [actor.orgId]);
  const visible = rows.filter((g) => canSee(actor, g));
  return { items: await Promise.all(visible.map((g) => present(ctx.db, actor, g))) };
}

async function loadVisible(db: Queryable, actor: Actor, id: string): Promise<GroupRow> {
  const rows = await db.query<GroupRow>(`${groupSelect} WHERE g.id = $2`, [actor.orgId, id]);
  const g = rows[0];
  if (!g || !canSee(actor, g)) throw new AppError('not_found');
  return g;
}

/** One group, as present() shows it. */
export async function getGroup(ctx: AppContext, actor: Actor, id: string) {
  return present(ctx.db, actor, await loadVisible(ctx.db, actor, id));
}

/** Creates a sharing group owned by my organisation (org admins and ISAO staff); my organisation joins it. */
export async function createGroup(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; description?: string | undefined; confidential: boolean },
  ip: string,
) {
  if (!(isOrgAdminOf(actor, actor.orgId) || isOperatorStaff(actor)) || !canContribute(actor))
    throw new AppError('forbidden', 'Organisation admins and ISAO staff create sharing groups.');
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    if (
      (await tx.query('SELECT 1 FROM sharing_groups WHERE owner_org_id = $2 AND lower(name) = lower($1)', [input.name, actor.orgId]))
        .length > 0
    ) {
      throw new AppError('already_exists', 'Your organisation already has a sharing group with this name.');
    }
    const rows = await tx.query<{ id: string }>(
      'INSERT INTO sharing_groups (name, description, confidential, owner_org_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [input.name, input.description ?? '', input.confidential, actor.orgId, actor.personId, now],
    );
    const groupId = rows[0]!.id;
    await tx.query('INSERT INTO sharing_group_members (group_id, org_id, added_at, added_by) VALUES ($1, $2, $3, $4)', [
      groupId,
      actor.orgId,
      now,
      actor.personId,
    ]);
    await appendAudit(tx, {
      actor,
      action: 'group.created',
      targetType: 'sharing_group',
      targetId: groupId,
      ip,
      detail: { name: input.name, confidential: input.confidential },
      at: now,
    });
    return groupId;
  });
  return getGroup(ctx, { ...actor, groupIds: [...actor.groupIds, id] }, id);
}

/** Renames a group, edits its description or marks it confidential (its managers). */
export async function updateGroup(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { name?: string | undefined; description?: string | undefined; confidential?: boolean | undefined },
  ip: string,
) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const g = await loadVisible(tx, actor, id);
    if (!canManage(actor, g)) throw new AppError('forbidden');
    if (
      input.name &&
      (
        await tx.query('SELECT 1 FROM sharing_groups WHERE owner_org_id = $3 AND lower(name) = lower($1) AND id <> $2', [
          input.name,
          id,
          g.owner_org_id,
        ])
      ).length > 0
    ) {
      throw new AppError('already_exists', 'This organisation already has a sharing group with this name.');
    }
    await tx.query(
      'UPDATE sharing_groups SET name = COALESCE($2, name), description = COALESCE($3, description), confidential = COALESCE($4, confidential) WHERE id = $1',
      [id, input.name ?? null, input.description ?? null, input.confidential ?? null],
    );
    await appendAudit(tx, { actor, action: 'group.updated', targetType: 'sharing_group', targetId: id, ip, detail: input, at: now });
  });
  return getGroup(ctx, actor, id);
}

/** Adds an active organisation to a group (its managers). */
export async function addMember(ctx: AppContext, actor: Actor, id: string, orgId: string, ip: string) {
  const now = ctx.clock.now();
  const event = await ctx.db.transaction(async (tx) => {
    const g = await loadVisible(tx, actor, id);
    if (!canManage(actor, g)) throw new AppError('forbidden');
    const org = await tx.query<{ status: string }>('SELECT status FROM organisations WHERE id = $1', [orgId]);
    if (org[0]?.status !== 'active') throw new AppError('not_found', 'No active organisation with this id.');
    const added = await tx.query(
      'INSERT INTO sharing_group_members (group_id, org_id, added_at, added_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING org_id',
      [id, orgId, now, actor.personId],
    );
    if (added.length === 0) throw new AppError('already_exists', 'This organisation is already in the group.');
    await appendAudit(tx, {
      actor,
      action: 'group.member_added',
      targetType: 'sharing_group',
      targetId: id,
      ip,
      detail: { orgId },
      at: now,
    });
    return appendAccessChanged(tx, { orgIds: [orgId] }, actor.personId, now);
  });
  ctx.events.announce(event);
  return getGroup(ctx, actor, id);
}

/** Removes an organisation from a group (its managers); the owner organisation stays. */
export async function removeMember(ctx: AppContext, actor: Actor, id: string, orgId: string, ip: string) {
  const now = ctx.clock.now();
  const event = await ctx.db.transaction(async (tx) => {
    const g = await loadVisible(tx, actor, id);
    if (!canManage(actor, g)) throw new AppError('forbidden');
    if (orgId === g.owner_org_id) throw new AppError('conflict', 'The owning organisation cannot leave its own group.');
    const removed = await tx.query('DELETE FROM sharing_group_members WHERE group_id = $1 AND org_id = $2 RETURNING org_id', [id, orgId]);
    if (removed.length === 0) throw new AppError('not_found', 'This organisation is not in the group.');
    await appendAudit(tx, {
      actor,
      action: 'group.member_removed',
      targetType: 'sharing_group',
      targetId: id,
      ip,
      detail: { orgId },
      at: now,
    });
    return appendAccessChanged(tx, { orgIds: [orgId] }, actor.personId, now);
  });
  ctx.events.announce(event);
  return getGroup(ctx, actor, id);
}
