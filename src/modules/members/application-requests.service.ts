import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { assertPasswordAcceptable, hashPassword } from '../../server/security/passwords.ts';
import { randomToken, sha256 } from '../../server/security/tokens.ts';
import type { OrgKind } from '../../shared/vocabulary.ts';
import { appendAudit } from '../audit/index.ts';
import { loadActor } from './actor-loader.ts';
import { participantAgreement } from './agreement.ts';
import { createSession } from './sessions.ts';
import { reserveAttempt } from './throttle.ts';

/** A membership application as submitted on the public form. */
export interface ApplyInput {
  organisation: { name: string; kind: Exclude<OrgKind, 'operator'>; country?: string | undefined; website?: string | undefined };
  applicant: { name: string; email: string; password: string };
  message?: string | undefined;
  acceptAgreementVersion: string;
}

interface RequestPayload {
  organisation: ApplyInput['organisation'];
  applicantName: string;
  message: string;
}

const CONFIRM_HOURS = 48;

/** What the public form is told, whatever happened: it must not reveal who already has an account. */
export const applicationReceived = {
  status: 'confirmation_sent' as const,
  message: 'Thank you. We sent an email to the address you gave: follow its link within 48 hours to confirm your application.',
};

/**
 * First step of applying: checks the agreement version and the password, then emails a link that
 * confirms the applicant controls the address. The answer is the same whether or not the address
 * already has an account (that person is emailed instead), so the form reveals no member.
 */
export async function requestApplication(ctx: AppContext, input: ApplyInput, ip: string) {
  if (input.acceptAgreementVersion !== participantAgreement.version) {
    throw new AppError(
      'conflict',
      `The participant agreement has changed (current version ${participantAgreement.version}); read it again and accept it.`,
    );
  }
  const { applicant } = input;
  assertPasswordAcceptable(applicant.password, [applicant.email, applicant.email.split('@')[0] ?? '', applicant.name]);
  // Each application sends an email: a limited number from one address an hour.
  await reserveAttempt(ctx, `apply:${ip}`, { limit: ctx.config.applyLimitPerHour, windowMinutes: 60, lockMinutes: 60 }, ip);
  const now = ctx.clock.now();
  // Hashed before looking the address up, so both answers take the same time.
  const passwordHash = await hashPassword(applicant.password);
  const existing = await ctx.db.query('SELECT 1 FROM people WHERE lower(email) = $1', [applicant.email]);
  if (existing.length > 0) {
    await ctx.db.transaction((tx) =>
      appendAudit(tx, { actor: { label: applicant.email }, action: 'membership.apply_existing_account', ip, at: now }),
    );
    await sendSafely(ctx, {
      to: applicant.email,
      subject: 'Your OpenISAO membership application',
      text: `Someone (perhaps you) applied for ISAO membership with this email address, which already has an account.\n\nSign in at ${ctx.config.publicUrl}/login instead. If this was not you, you can ignore this email.`,
    });
    return applicationReceived;
  }
  const token = randomToken(32);
  const payload: RequestPayload = { organisation: input.organisation, applicantName: applicant.name, message: input.message ?? '' };
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO application_requests (token_hash, email, payload, password_hash, agreement_version, ip, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        sha256(token),
        applicant.email,
        JSON.stringify(payload),
        passwordHash,
        participantAgreement.version,
        ip,
        now,
        new Date(now.getTime() + CONFIRM_HOURS * 3_600_000),
      ],
    );
    await appendAudit(tx, {
      actor: { label: applicant.email },
      action: 'membership.application_requested',
      targetType: 'application_request',
      targetId: rows[0]!.id,
      ip,
      detail: { organisation: input.organisation.name, kind: input.organisation.kind },
      at: now,
    });
  });
  await sendSafely(ctx, {
    to: applicant.email,
    subject: 'Confirm your OpenISAO membership application',
    text: `Thank you for applying for membership of the ISAO on behalf of ${input.organisation.name}.\n\nConfirm your email address and send the application to the ISAO team (link valid for ${CONFIRM_HOURS} hours):\n${ctx.config.publicUrl}/apply/confirm/${token}\n\nIf you did not apply, ignore this email.`,
  });
  return applicationReceived;
}

async function sendSafely(ctx: AppContext, mail: { to: string; subject: string; text: string }) {
  try {
    await ctx.mailer.send(mail);
  } catch (err) {
    ctx.log.error({ err }, 'could not send a membership application email');
  }
}

/**
 * Second step: the link from the email. Creates the pending organisation, its first admin, the
 * application and the agreement acceptance (version, the time it was ticked, the address) in one
 * transaction, and signs the applicant in.
 */
export async function confirmApplication(ctx: AppContext, token: string, ip: string, userAgent: string | null) {
  const now = ctx.clock.now();
  const { personId, session } = await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{
      id: string;
      email: string;
      payload: RequestPayload;
      password_hash: string;
      agreement_version: string;
      ip: string | null;
      created_at: Date;
    }>(
      `UPDATE application_requests SET confirmed_at = $2
       WHERE token_hash = $1 AND confirmed_at IS NULL AND expires_at > $2
       RETURNING id, email, payload, password_hash, agreement_version, ip, created_at`,
      [sha256(token), now],
    );
    const request = rows[0];
    if (!request) throw new AppError('gone', 'This confirmation link has expired or was already used. Apply again if you need to.');
    if ((await tx.query('SELECT 1 FROM people WHERE lower(email) = $1', [request.email])).length > 0) {
      throw new AppError('already_exists', 'This email address already has an account: sign in instead.');
    }
    const { organisation, applicantName, message } = request.payload;
    const orgs = await tx.query<{ id: string }>(
      `INSERT INTO organisations (name, kind, status, country, website, created_at) VALUES ($1, $2, 'pending', $3, $4, $5) RETURNING id`,
      [organisation.name, organisation.kind, organisation.country ?? null, organisation.website ?? null, now],
    );
    const orgId = orgs[0]!.id;
    const people = await tx.query<{ id: string }>(
      `INSERT INTO people (org_id, email, name, password_hash, roles, created_at) VALUES ($1, $2, $3, $4, '{org_admin}', $5) RETURNING id`,
      [orgId, request.email, applicantName, request.password_hash, now],
    );
    const id = people[0]!.id;
    const apps = await tx.query<{ id: string }>(
      'INSERT INTO membership_applications (org_id, applicant_id, message, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
      [orgId, id, message, now],
    );
    await tx.query('INSERT INTO agreement_acceptances (org_id, person_id, version, accepted_at, ip) VALUES ($1, $2, $3, $4, $5)', [
      orgId,
      id,
      request.agreement_version,
      request.created_at,
      request.ip,
    ]);
    const s = await createSession(tx, ctx, id, ip, userAgent);
    const who = { label: request.email, personId: id, orgId };
    await appendAudit(tx, {
      actor: who,
      action: 'membership.applied',
      targetType: 'organisation',
      targetId: orgId,
      ip,
      detail: { name: organisation.name, kind: organisation.kind, applicationId: apps[0]!.id },
      at: now,
    });
    await appendAudit(tx, {
      actor: who,
      action: 'agreement.accepted',
      targetType: 'organisation',
      targetId: orgId,
      ip: request.ip,
      detail: { version: request.agreement_version, acceptedAt: new Date(request.created_at).toISOString() },
      at: now,
    });
    return { personId: id, session: s };
  });
  const actor = await loadActor(ctx.db, personId);
  return { actor: { ...actor!, sessionId: session.sessionId, csrfToken: session.csrfToken }, session };
}
