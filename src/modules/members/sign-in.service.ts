import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { verifyAgainstDummy, verifyPassword } from '../../server/security/passwords.ts';
import { sha256 } from '../../server/security/tokens.ts';
import { verifyTotp } from '../../server/security/totp.ts';
import { appendAudit } from '../audit/index.ts';
import { loadActor } from './actor-loader.ts';
import { createSession } from './sessions.ts';
import { accountRule, addressRule, clearAttempts, releaseAttempt, reserveAttempt } from './throttle.ts';

/** What a sign-in attempt carries. */
export interface SignInInput {
  email: string;
  password: string;
  totp?: string | undefined;
  recoveryCode?: string | undefined;
}

interface PersonRow {
  id: string;
  org_id: string;
  email: string;
  password_hash: string;
  status: string;
  org_status: string;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
}

/**
 * Signs a person in: throttled per account and per address, one answer for unknown accounts and
 * wrong passwords, TOTP (with replay protection) or a recovery code when enrolled. Every outcome is audited.
 */
export async function signIn(ctx: AppContext, input: SignInInput, ip: string, userAgent: string | null) {
  const email = input.email.toLowerCase();
  const accountKey = `account:${email}`;
  const addressKey = `address:${ip}`;
  // Both counts are taken before the password is checked, so parallel guesses cannot pass the limit.
  await reserveAttempt(ctx, addressKey, addressRule, ip);
  await reserveAttempt(ctx, accountKey, accountRule, ip);
  const now = ctx.clock.now();

  const rows = await ctx.db.query<PersonRow>(
    `SELECT p.id, p.org_id, p.email, p.password_hash, p.status, o.status AS org_status, p.totp_secret, p.totp_enabled_at, p.totp_last_step
     FROM people p JOIN organisations o ON o.id = p.org_id WHERE lower(p.email) = $1`,
    [email],
  );
  const person = rows[0];
  const fail = async (reason: string, code: 'invalid_credentials' | 'invalid_totp' = 'invalid_credentials') => {
    await ctx.db.transaction((tx) =>
      appendAudit(tx, {
        actor: { label: email, personId: person?.id ?? null, orgId: person?.org_id ?? null },
        action: 'auth.sign_in_failed',
        targetType: 'person',
        targetId: person?.id ?? null,
        ip,
        detail: { reason },
        at: now,
      }),
    );
    return new AppError(code);
  };

  if (!person) {
    await verifyAgainstDummy(input.password);
    throw await fail('unknown_account');
  }
  if (!(await verifyPassword(person.password_hash, input.password))) throw await fail('wrong_password');
  if (person.status !== 'active' || person.org_status === 'rejected' || person.org_status === 'suspended') {
    throw await fail(person.status !== 'active' ? 'person_disabled' : `organisation_${person.org_status}`);
  }

  let usedStep: number | null = null;
  let usedRecoveryCode = false;
  if (person.totp_enabled_at && person.totp_secret) {
    if (input.totp) {
      usedStep = verifyTotp(person.totp_secret, input.totp, now, person.totp_last_step === null ? null : Number(person.totp_last_step));
      if (usedStep === null) throw await fail('wrong_totp', 'invalid_totp');
    } else if (input.recoveryCode) {
      const consumed = await ctx.db.query<{ id: string }>(
        'UPDATE recovery_codes SET used_at = $3 WHERE person_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id',
        [person.id, sha256(normaliseRecoveryCode(input.recoveryCode)), now],
      );
      if (consumed.length === 0) throw await fail('wrong_recovery_code', 'invalid_totp');
      usedRecoveryCode = true;
    } else {
      // The password was right: this step does not count against the limits.
      await releaseAttempt(ctx, accountKey);
      await releaseAttempt(ctx, addressKey);
      throw new AppError('mfa_required');
    }
  }

  const session = await ctx.db.transaction(async (tx) => {
    if (usedStep !== null) {
      // Atomic replay guard: a code's step is accepted once, even by two simultaneous sign-ins.
      const claimed = await tx.query(
        'UPDATE people SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id',
        [person.id, usedStep],
      );
      if (claimed.length === 0) throw new AppError('invalid_totp');
    }
    const s = await createSession(tx, ctx, person.id, ip, userAgent);
    await tx.query('UPDATE people SET last_sign_in_at = $2 WHERE id = $1', [person.id, now]);
    await appendAudit(tx, {
      actor: { label: person.email, personId: person.id, orgId: person.org_id },
      action: 'auth.sign_in',
      targetType: 'session',
      targetId: s.sessionId,
      ip,
      detail: { mfa: usedStep !== null ? 'totp' : usedRecoveryCode ? 'recovery_code' : 'none' },
      at: now,
    });
    return s;
  });
  await clearAttempts(ctx, accountKey);
  await releaseAttempt(ctx, addressKey);
  const actor = await loadActor(ctx.db, person.id);
  if (!actor) throw new AppError('invalid_credentials');
  return { actor: { ...actor, sessionId: session.sessionId, csrfToken: session.csrfToken }, session };
}

/** Recovery codes are shown as xxxxx-xxxxx; accept them with or without the dash, any case. */
export function normaliseRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/[\s-]/g, '');
}
