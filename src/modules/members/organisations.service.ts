import { containsPattern } from '../../server/db/sql-text.ts';
import { appendAccessChanged } from '../events/index.ts';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { type OrgKind, type OrgStatus, type Role, rolesAllowedFor } from '../../shared/vocabulary.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, isOperatorStaff, isOrgAdminOf, isPlatformAdmin } from '../policy/index.ts';
import { type OrgRow, type PersonRow, iso, presentOrg, presentPerson } from './presenters.ts';

/** The member directory: active organisations; operator staff see every status (never a case's external vendors). */
export async function listOrganisations(ctx: AppContext, actor: Actor, status?: OrgStatus) {
  const staff = isOperatorStaff(actor);
  const wanted = staff ? status : 'active';
  if (!staff && status !== undefined && status !== 'active')
    throw new AppError('forbidden', 'Only ISAO staff see organisations that are not active.');
  const rows = await ctx.db.query<OrgRow>(
    `SELECT * FROM organisations WHERE status <> 'external' AND ($1::text IS NULL OR status = $1) ORDER BY lower(name)`,
    [wanted ?? null],
  );
  return { items: rows.map(presentOrg) };
}

/** One organisation: active ones for members; any for ISAO staff and the organisation itself. */
export async function getOrganisation(ctx: AppContext, actor: Actor, orgId: string) {
  const rows = await ctx.db.query<OrgRow>("SELECT * FROM organisations WHERE id = $1 AND status <> 'external'", [orgId]);
  const row = rows[0];
  if (!row || (row.status !== 'active' && !isOperatorStaff(actor) && actor.orgId !== orgId)) throw new AppError('not_found');
  return presentOrg(row);
}

/** Creates an organisation directly (platform admins), already active. */
export async function createOrganisation(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; kind: OrgKind; country?: string | undefined; website?: string | undefined },
  ip: string,
) {
  if (!isPlatformAdmin(actor)) throw new AppError('forbidden');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const clash = await tx.query("SELECT 1 FROM organisations WHERE lower(name) = lower($1) AND status <> 'external'", [input.name]);
    if (clash.length > 0) throw new AppError('already_exists', 'An organisation with this name exists.');
    const rows = await tx.query<OrgRow>(
      `INSERT INTO organisations (name, kind, status, country, website, created_at, decided_at, decided_by)
       VALUES ($1, $2, 'active', $3, $4, $5, $5, $6) RETURNING *`,
      [input.name, input.kind, input.country ?? null, input.website ?? null, now, actor.personId],
    );
    const row = rows[0]!;
    await appendAudit(tx, {
      actor,
      action: 'organisation.created',
      targetType: 'organisation',
      targetId: row.id,
      ip,
      detail: { name: row.name, kind: row.kind },
      at: now,
    });
    return presentOrg(row);
  });
}

/** Changes an organisation's settings (its admins): require MFA, website, country. */
export async function updateOrganisation(
  ctx: AppContext,
  actor: Actor,
  orgId: string,
  input: { requireMfa?: boolean | undefined; website?: string | null | undefined; country?: string | null | undefined },
  ip: string,
) {
  if (!isOrgAdminOf(actor, orgId)) throw new AppError('forbidden');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<OrgRow>(
      `UPDATE organisations SET
         require_mfa = COALESCE($2, require_mfa),
         website = CASE WHEN $3::boolean THEN $4 ELSE website END,
         country = CASE WHEN $5::boolean THEN $6 ELSE country END
       WHERE id = $1 AND status <> 'external' RETURNING *`,
      [
        orgId,
        input.requireMfa ?? null,
        input.website !== undefined,
        input.website ?? null,
        input.country !== undefined,
        input.country ?? null,
      ],
    );
    const row = rows[0];
    if (!row) throw new AppError('not_found');
    await appendAudit(tx, {
      actor,
      action: 'organisation.updated',
      targetType: 'organisation',
      targetId: orgId,
      ip,
      detail: input,
      at: now,
    });
    return presentOrg(row);
  });
}

/** The people of an organisation, for its admins. */
export async function listPeople(ctx: AppContext, actor: Actor, orgId: string) {
  if (!isOrgAdminOf(actor, orgId)) throw new AppError('forbidden');
  const rows = await ctx.db.query<PersonRow>('SELECT * FROM people WHERE org_id = $1 ORDER BY lower(name)', [orgId]);
  return { items: rows.map(presentPerson) };
}

/** Changes a person's roles or disables them (their organisation's admins). */
export async function updatePerson(
  ctx: AppContext,
  actor: Actor,
  personId: string,
  input: { roles?: Role[] | undefined; status?: 'active' | 'disabled' | undefined },
  ip: string,
) {
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<PersonRow & { kind: OrgKind }>(
      'SELECT p.*, o.kind FROM people p JOIN organisations o ON o.id = p.org_id WHERE p.id = $1 FOR UPDATE OF p',
      [personId],
    );
    const person = rows[0];
    if (!person || !isOrgAdminOf(actor, person.org_id)) throw new AppError(person ? 'forbidden' : 'not_found');
    const roles = input.roles ? [...new Set(input.roles)] : person.roles;
    const allowed = rolesAllowedFor(person.kind);
    const bad = roles.filter((r) => !allowed.includes(r));
    if (bad.length > 0) throw new AppError('validation_failed', `These roles do not exist in this organisation: ${bad.join(', ')}.`);
    const status = input.status ?? person.status;
    // ISAO staff roles are the platform admins' to give, take or disable, and one platform admin must remain.
    const staff = (list: Role[]) =>
      list
        .filter((r) => r === 'coordinator' || r === 'platform_admin')
        .sort()
        .join(',');
    const touchesStaff = staff(roles) !== staff(person.roles) || (status === 'disabled' && staff(person.roles) !== '');
    if (touchesStaff && !isPlatformAdmin(actor))
      throw new AppError('forbidden', 'Only platform admins grant, remove or disable ISAO staff roles.');
    const losesPlatformAdmin = person.roles.includes('platform_admin') && (!roles.includes('platform_admin') || status === 'disabled');
    if (losesPlatformAdmin) {
      const others = await tx.query(
        "SELECT 1 FROM people WHERE org_id = $1 AND id <> $2 AND status = 'active' AND 'platform_admin' = ANY(roles) LIMIT 1",
        [person.org_id, person.id],
      );
      if (others.length === 0) throw new AppError('conflict', 'The platform needs at least one active platform admin.');
    }
    const losesAdmin = person.roles.includes('org_admin') && (!roles.includes('org_admin') || status === 'disabled');
    if (losesAdmin) {
      const others = await tx.query(
        "SELECT 1 FROM people WHERE org_id = $1 AND id <> $2 AND status = 'active' AND 'org_admin' = ANY(roles) LIMIT 1",
        [person.org_id, person.id],
      );
      if (others.length === 0) throw new AppError('conflict', 'An organisation needs at least one active administrator.');
    }
    const updated = await tx.query<PersonRow>('UPDATE people SET roles = $2, status = $3 WHERE id = $1 RETURNING *', [
      personId,
      roles,
      status,
    ]);
    if (status === 'disabled')
      await tx.query('UPDATE sessions SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL', [personId, now]);
    await appendAudit(tx, {
      actor,
      action: 'person.updated',
      targetType: 'person',
      targetId: personId,
      ip,
      detail: { before: { roles: person.roles, status: person.status }, after: { roles, status } },
      at: now,
    });
    const event = await appendAccessChanged(tx, { personIds: [personId] }, actor.personId, now);
    return { person: presentPerson(updated[0]!), event };
  });
  ctx.events.announce(result.event);
  return result.person;
}

/** Finds people of active organisations by name, to name them as TLP:RED recipients. */
export async function searchDirectory(ctx: AppContext, q: string) {
  const pattern = containsPattern(q);
  const rows = await ctx.db.query<{ id: string; name: string; org_id: string; org_name: string }>(
    `SELECT p.id, p.name, o.id AS org_id, o.name AS org_name FROM people p JOIN organisations o ON o.id = p.org_id
     WHERE p.status = 'active' AND o.status = 'active' AND (p.name ILIKE $1 OR o.name ILIKE $1)
     ORDER BY lower(p.name) LIMIT 20`,
    [pattern],
  );
  return { items: rows.map((r) => ({ id: r.id, name: r.name, orgId: r.org_id, orgName: r.org_name })) };
}

/** The participant-agreement acceptances of an organisation (FDA evidence), for its admins and ISAO staff. */
export async function listAgreementAcceptances(ctx: AppContext, actor: Actor, orgId: string) {
  if (!isOrgAdminOf(actor, orgId) && !isOperatorStaff(actor)) throw new AppError('forbidden');
  const rows = await ctx.db.query<{
    id: string;
    person_id: string;
    person_name: string;
    version: string;
    accepted_at: Date;
    ip: string | null;
  }>(
    `SELECT a.id, a.person_id, p.name AS person_name, a.version, a.accepted_at, a.ip
     FROM agreement_acceptances a JOIN people p ON p.id = a.person_id WHERE a.org_id = $1 ORDER BY a.accepted_at DESC`,
    [orgId],
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      personName: r.person_name,
      version: r.version,
      acceptedAt: iso(r.accepted_at)!,
      ip: r.ip,
    })),
  };
}
