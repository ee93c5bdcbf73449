import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { assertPasswordAcceptable, hashPassword } from '../../server/security/passwords.ts';
import { randomToken, sha256 } from '../../server/security/tokens.ts';
import { type OrgKind, type Role, rolesAllowedFor } from '../../shared/vocabulary.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, isOrgAdminOf, isPlatformAdmin } from '../policy/index.ts';
import { loadActor } from './actor-loader.ts';
import { iso } from './presenters.ts';
import { createSession } from './sessions.ts';

const INVITATION_DAYS = 7;

interface InvitationRow {
  id: string;
  org_id: string;
  email: string;
  roles: Role[];
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}
const present = (r: InvitationRow) => ({
  id: r.id,
  email: r.email,
  roles: r.roles,
  createdAt: iso(r.created_at)!,
  expiresAt: iso(r.expires_at)!,
  acceptedAt: iso(r.accepted_at),
  revokedAt: iso(r.revoked_at),
});

/** Invites someone into an organisation; the link is emailed (or logged when SMTP is not set up). */
export async function invite(ctx: AppContext, actor: Actor, orgId: string, input: { email: string; roles: Role[] }, ip: string) {
  if (!isOrgAdminOf(actor, orgId)) throw new AppError('forbidden');
  const now = ctx.clock.now();
  const token = randomToken(32);
  const { item, orgName } = await ctx.db.transaction(async (tx) => {
    const orgs = await tx.query<{ name: string; kind: OrgKind; status: string }>(
      'SELECT name, kind, status FROM organisations WHERE id = $1',
      [orgId],
    );
    const org = orgs[0];
    if (!org) throw new AppError('not_found');
    if (org.status !== 'active') throw new AppError('conflict', 'Only active member organisations can invite people.');
    const bad = input.roles.filter((r) => !rolesAllowedFor(org.kind).includes(r));
    if (bad.length > 0) throw new AppError('validation_failed', `These roles do not exist in this organisation: ${bad.join(', ')}.`);
    if (input.roles.some((r) => r === 'platform_admin' || r === 'coordinator') && !isPlatformAdmin(actor)) {
      throw new AppError('forbidden', 'Only platform admins invite ISAO staff.');
    }
    // Whether the address already has an account is not said here (it would reveal other members'
    // people); accepting such an invitation is refused instead.
    const rows = await tx.query<InvitationRow>(
      `INSERT INTO invitations (org_id, email, roles, token_hash, invited_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [
        orgId,
        input.email,
        [...new Set(input.roles)],
        sha256(token),
        actor.personId,
        now,
        new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      ],
    );
    const row = rows[0]!;
    await appendAudit(tx, {
      actor,
      action: 'invitation.created',
      targetType: 'invitation',
      targetId: row.id,
      ip,
      detail: { email: input.email, roles: row.roles, orgId },
      at: now,
    });
    return { item: present(row), orgName: org.name };
  });
  const link = `${ctx.config.publicUrl}/invite/${token}`;
  try {
    await ctx.mailer.send({
      to: input.email,
      subject: `You are invited to join ${orgName} on OpenISAO`,
      text: `${actor.name} invited you to join ${orgName} on OpenISAO, the medical-device cybersecurity information-sharing platform.\n\nAccept the invitation (valid for ${INVITATION_DAYS} days):\n${link}\n\nIf you did not expect this, ignore this email.`,
    });
  } catch (err) {
    ctx.log.error({ err, invitation: item.id }, 'could not send the invitation email');
  }
  return { item, emailed: ctx.mailer.configured };
}

/** The invitations of an organisation, for its admins. */
export async function listInvitations(ctx: AppContext, actor: Actor, orgId: string) {
  if (!isOrgAdminOf(actor, orgId)) throw new AppError('forbidden');
  const rows = await ctx.db.query<InvitationRow>('SELECT * FROM invitations WHERE org_id = $1 ORDER BY created_at DESC', [orgId]);
  return { items: rows.map(present) };
}

/** Revokes an invitation that was not accepted yet. */
export async function revokeInvitation(ctx: AppContext, actor: Actor, invitationId: string, ip: string) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<InvitationRow>('SELECT * FROM invitations WHERE id = $1', [invitationId]);
    const row = rows[0];
    if (!row) throw new AppError('not_found');
    if (!isOrgAdminOf(actor, row.org_id)) throw new AppError('forbidden');
    if (row.accepted_at || row.revoked_at) throw new AppError('conflict', 'This invitation was already used or revoked.');
    await tx.query('UPDATE invitations SET revoked_at = $2 WHERE id = $1', [invitationId, now]);
    await appendAudit(tx, { actor, action: 'invitation.revoked', targetType: 'invitation', targetId: invitationId, ip, at: now });
  });
  return { ok: true as const };
}

async function findOpenInvitation(ctx: AppContext, token: string) {
  const rows = await ctx.db.query<InvitationRow & { org_name: string }>(
    `SELECT i.*, o.name AS org_name FROM invitations i JOIN organisations o ON o.id = i.org_id
     WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2`,
    [sha256(token), ctx.clock.now()],
  );
  const row = rows[0];
  if (!row) throw new AppError('gone', 'This invitation link has expired, was revoked or was already used.');
  return row;
}

/** What an invitation link is for, shown before accepting. */
export async function previewInvitation(ctx: AppContext, token: string) {
  const row = await findOpenInvitation(ctx, token);
  return { orgName: row.org_name, email: row.email, expiresAt: iso(row.expires_at)! };
}

/** Accepts an invitation: creates the person and signs them in. */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  input: { name: string; password: string },
  ip: string,
  userAgent: string | null,
) {
  const invitation = await findOpenInvitation(ctx, token);
  assertPasswordAcceptable(input.password, [invitation.email, invitation.email.split('@')[0] ?? '', input.name]);
  const hash = await hashPassword(input.password);
  const now = ctx.clock.now();
  const { personId, session } = await ctx.db.transaction(async (tx) => {
    const claimed = await tx.query(
      'UPDATE invitations SET accepted_at = $2 WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id',
      [invitation.id, now],
    );
    if (claimed.length === 0) throw new AppError('gone');
    const existing = await tx.query('SELECT 1 FROM people WHERE lower(email) = $1', [invitation.email]);
    if (existing.length > 0) throw new AppError('already_exists', 'Someone with this email address already has an account.');
    const people = await tx.query<{ id: string }>(
      'INSERT INTO people (org_id, email, name, password_hash, roles, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [invitation.org_id, invitation.email, input.name, hash, invitation.roles, now],
    );
    const id = people[0]!.id;
    const s = await createSession(tx, ctx, id, ip, userAgent);
    await appendAudit(tx, {
      actor: { label: invitation.email, personId: id, orgId: invitation.org_id },
      action: 'invitation.accepted',
      targetType: 'person',
      targetId: id,
      ip,
      detail: { invitationId: invitation.id, roles: invitation.roles },
      at: now,
    });
    return { personId: id, session: s };
  });
  const actor = await loadActor(ctx.db, personId);
  return { actor: { ...actor!, sessionId: session.sessionId, csrfToken: session.csrfToken }, session };
}
