import { z } from 'zod';
import { appendAudit } from '../modules/audit/index.ts';
import { generatePassword } from '../modules/members/bootstrap.ts';
import type { AppContext } from '../server/context.ts';
import { AppError } from '../server/http/errors.ts';
import { assertPasswordAcceptable, hashPassword } from '../server/security/passwords.ts';
import { orgKinds, roles, rolesAllowedFor, type OrgKind, type Role } from '../shared/vocabulary.ts';
import type { CommandIo, DbCommand } from './command-env.ts';

const cli = { label: 'cli' };

async function findOrg(ctx: AppContext, ref: string) {
  const rows = await ctx.db.query<{ id: string; name: string; kind: OrgKind; status: string }>(
    "SELECT id, name, kind, status FROM organisations WHERE (id::text = $1 OR lower(name) = lower($1)) AND status <> 'external'",
    [ref],
  );
  if (!rows[0]) throw new AppError('not_found', `No organisation "${ref}".`);
  if (rows.length > 1) throw new AppError('conflict', `Several organisations are named "${ref}": give the id (see isao org list).`);
  return rows[0];
}

function table(io: CommandIo, rows: string[][]) {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const r of rows)
    io.out(
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

/** `isao user list [--org ORG]` */
export const userList: DbCommand = {
  async run(ctx, io, args) {
    const org = typeof args.org === 'string' ? await findOrg(ctx, args.org) : null;
    const rows = await ctx.db.query<{ email: string; name: string; roles: string[]; status: string; org: string; mfa: boolean }>(
      `SELECT p.email, p.name, p.roles, p.status, o.name AS org, p.totp_enabled_at IS NOT NULL AS mfa
       FROM people p JOIN organisations o ON o.id = p.org_id WHERE ($1::uuid IS NULL OR o.id = $1) ORDER BY o.name, p.email`,
      [org?.id ?? null],
    );
    table(io, [
      ['EMAIL', 'NAME', 'ORGANISATION', 'ROLES', 'STATUS', 'MFA'],
      ...rows.map((r) => [r.email, r.name, r.org, r.roles.join(','), r.status, r.mfa ? 'yes' : 'no']),
    ]);
    return 0;
  },
};

/** `isao user create --org ORG --email E --name N --roles a,b [--password P]` */
export const userCreate: DbCommand = {
  async run(ctx, io, args) {
    const a = z
      .object({ org: z.string(), email: z.email(), name: z.string().min(1), roles: z.string(), password: z.string().optional() })
      .parse(args);
    const org = await findOrg(ctx, a.org);
    const wanted = a.roles
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean) as Role[];
    const bad = wanted.filter((r) => !(roles as readonly string[]).includes(r) || !rolesAllowedFor(org.kind).includes(r));
    if (bad.length > 0 || wanted.length === 0)
      throw new AppError('validation_failed', `Roles for a ${org.kind}: ${rolesAllowedFor(org.kind).join(', ')}.`);
    const password = a.password ?? generatePassword();
    assertPasswordAcceptable(password, [a.email, a.name]);
    const hash = await hashPassword(password);
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      if ((await tx.query('SELECT 1 FROM people WHERE lower(email) = lower($1)', [a.email])).length > 0)
        throw new AppError('already_exists', 'Someone with this email address already has an account.');
      const rows = await tx.query<{ id: string }>(
        'INSERT INTO people (org_id, email, name, password_hash, roles, created_at) VALUES ($1, lower($2), $3, $4, $5, $6) RETURNING id',
        [org.id, a.email, a.name, hash, wanted, now],
      );
      await appendAudit(tx, {
        actor: cli,
        action: 'person.created',
        targetType: 'person',
        targetId: rows[0]!.id,
        detail: { email: a.email, roles: wanted, orgId: org.id },
        at: now,
      });
    });
    io.out(`Created ${a.email} in ${org.name} with roles ${wanted.join(', ')}.`);
    if (!a.password) io.out(`Password: ${password}`);
    return 0;
  },
};

async function updatePersonByEmail(
  ctx: AppContext,
  email: string,
  action: string,
  sql: string,
  params: unknown[],
  detail: Record<string, unknown> = {},
) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string }>(`UPDATE people SET ${sql} WHERE lower(email) = lower($1) RETURNING id`, [email, ...params]);
    if (!rows[0]) throw new AppError('not_found', `No person with email ${email}.`);
    if (action !== 'person.enabled')
      await tx.query('UPDATE sessions SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL', [rows[0].id, now]);
    await appendAudit(tx, { actor: cli, action, targetType: 'person', targetId: rows[0].id, detail, at: now });
  });
}

/** `isao user set-password --email E [--password P]` */
export const userSetPassword: DbCommand = {
  async run(ctx, io, args) {
    const a = z.object({ email: z.email(), password: z.string().optional() }).parse(args);
    const password = a.password ?? generatePassword();
    assertPasswordAcceptable(password, [a.email]);
    await updatePersonByEmail(ctx, a.email, 'person.password_reset', 'password_hash = $2', [await hashPassword(password)]);
    io.out(`Password of ${a.email} changed; their sessions were signed out.`);
    if (!a.password) io.out(`Password: ${password}`);
    return 0;
  },
};

/** `isao user disable|enable --email E` */
export const userSetStatus = (status: 'active' | 'disabled'): DbCommand => ({
  async run(ctx, io, args) {
    const a = z.object({ email: z.email() }).parse(args);
    await updatePersonByEmail(ctx, a.email, status === 'active' ? 'person.enabled' : 'person.disabled', 'status = $2', [status]);
    io.out(`${a.email} is now ${status}.`);
    return 0;
  },
});

/** `isao user reset-mfa --email E`: for a person who lost their authenticator and recovery codes. */
export const userResetMfa: DbCommand = {
  async run(ctx, io, args) {
    const a = z.object({ email: z.email() }).parse(args);
    await updatePersonByEmail(
      ctx,
      a.email,
      'mfa.reset_by_operator',
      'totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL',
      [],
    );
    io.out(`Two-factor authentication of ${a.email} was removed; they must enrol again.`);
    return 0;
  },
};

/** `isao org list` */
export const orgList: DbCommand = {
  async run(ctx, io) {
    const rows = await ctx.db.query<{ id: string; name: string; kind: string; status: string; people: number }>(
      "SELECT o.id, o.name, o.kind, o.status, (SELECT count(*)::int FROM people p WHERE p.org_id = o.id) AS people FROM organisations o WHERE o.status <> 'external' ORDER BY o.name",
    );
    table(io, [['NAME', 'KIND', 'STATUS', 'PEOPLE', 'ID'], ...rows.map((r) => [r.name, r.kind, r.status, String(r.people), r.id])]);
    return 0;
  },
};

/** `isao org create --name N --kind K` */
export const orgCreate: DbCommand = {
  async run(ctx, io, args) {
    const a = z.object({ name: z.string().trim().min(1).max(200), kind: z.enum(orgKinds) }).parse(args);
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      if ((await tx.query("SELECT 1 FROM organisations WHERE lower(name) = lower($1) AND status <> 'external'", [a.name])).length > 0)
        throw new AppError('already_exists', 'An organisation with this name exists.');
      const rows = await tx.query<{ id: string }>(
        "INSERT INTO organisations (name, kind, status, created_at, decided_at) VALUES ($1, $2, 'active', $3, $3) RETURNING id",
        [a.name, a.kind, now],
      );
      await appendAudit(tx, {
        actor: cli,
        action: 'organisation.created',
        targetType: 'organisation',
        targetId: rows[0]!.id,
        detail: { name: a.name, kind: a.kind },
        at: now,
      });
    });
    io.out(`Created ${a.kind} organisation ${a.name} (active).`);
    return 0;
  },
};

/** `isao org approve ORG` / `isao org reject ORG --reason R` */
export const orgDecide = (decision: 'approved' | 'rejected'): DbCommand => ({
  async run(ctx, io, args) {
    const a = z.object({ org: z.string(), reason: z.string().optional() }).parse(args);
    if (decision === 'rejected' && !a.reason) throw new AppError('validation_failed', 'Give a --reason for the rejection.');
    const org = await findOrg(ctx, a.org);
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      const apps = await tx.query(
        "UPDATE membership_applications SET status = $2, decided_at = $3, reason = $4 WHERE org_id = $1 AND status = 'pending' RETURNING id",
        [org.id, decision, now, a.reason ?? null],
      );
      if (apps.length === 0 && org.status !== 'pending')
        throw new AppError('conflict', `${org.name} has no pending application (status ${org.status}).`);
      await tx.query('UPDATE organisations SET status = $2, decided_at = $3, decision_reason = $4 WHERE id = $1', [
        org.id,
        decision === 'approved' ? 'active' : 'rejected',
        now,
        a.reason ?? null,
      ]);
      await appendAudit(tx, {
        actor: cli,
        action: `membership.${decision}`,
        targetType: 'organisation',
        targetId: org.id,
        detail: { reason: a.reason ?? null },
        at: now,
      });
    });
    io.out(`${org.name}: application ${decision}.`);
    return 0;
  },
});
