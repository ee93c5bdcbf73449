import QRCode from 'qrcode';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { verifyPassword } from '../../server/security/passwords.ts';
import { randomToken, sha256 } from '../../server/security/tokens.ts';
import { generateTotpSecret, otpauthUrl, verifyTotp } from '../../server/security/totp.ts';
import type { Queryable } from '../../server/db/client.ts';
import { appendAudit } from '../audit/index.ts';
import type { Actor } from '../policy/index.ts';
import { normaliseRecoveryCode } from './sign-in.service.ts';

const RECOVERY_CODE_COUNT = 10;

/** Starts TOTP enrolment: a new secret (kept pending until a code proves the app has it) and its QR code. */
export async function setupTotp(ctx: AppContext, actor: Actor, ip: string) {
  const secret = generateTotpSecret();
  const url = otpauthUrl(secret, actor.email, 'OpenISAO');
  await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE people SET totp_pending_secret = $2 WHERE id = $1', [actor.personId, secret]);
    await appendAudit(tx, {
      actor,
      action: 'mfa.totp_setup_started',
      targetType: 'person',
      targetId: actor.personId,
      ip,
      at: ctx.clock.now(),
    });
  });
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUrl: url, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** Completes enrolment with a code from the app; returns the recovery codes, shown once. */
export async function enableTotp(ctx: AppContext, actor: Actor, code: string, ip: string) {
  const now = ctx.clock.now();
  const rows = await ctx.db.query<{ totp_pending_secret: string | null }>('SELECT totp_pending_secret FROM people WHERE id = $1', [
    actor.personId,
  ]);
  const secret = rows[0]?.totp_pending_secret;
  if (!secret) throw new AppError('conflict', 'Start the enrolment first.');
  const step = verifyTotp(secret, code, now, null);
  if (step === null) throw new AppError('invalid_totp');
  return ctx.db.transaction(async (tx) => {
    // Enrols exactly the secret the code was checked against (a second setup in between voids this one).
    const enrolled = await tx.query(
      `UPDATE people SET totp_secret = $4, totp_pending_secret = NULL, totp_enabled_at = $2, totp_last_step = $3
       WHERE id = $1 AND totp_pending_secret = $4 RETURNING id`,
      [actor.personId, now, step, secret],
    );
    if (enrolled.length === 0) throw new AppError('conflict', 'The enrolment was restarted elsewhere; scan the new QR code.');
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.personId);
    await appendAudit(tx, { actor, action: 'mfa.totp_enabled', targetType: 'person', targetId: actor.personId, ip, at: now });
    return { recoveryCodes };
  });
}

/** Turns TOTP off (password and a current code needed); refused when the organisation requires MFA. */
export async function disableTotp(ctx: AppContext, actor: Actor, password: string, code: string, ip: string) {
  if (actor.orgRequireMfa) throw new AppError('conflict', 'Your organisation requires two-factor authentication.');
  const now = ctx.clock.now();
  const person = await loadMfaState(ctx, actor.personId);
  if (!(await verifyPassword(person.password_hash, password))) throw new AppError('invalid_credentials', 'The password is wrong.');
  if (!person.totp_secret || verifyTotp(person.totp_secret, code, now, person.totp_last_step) === null) throw new AppError('invalid_totp');
  await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE people SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1', [actor.personId]);
    await tx.query('DELETE FROM recovery_codes WHERE person_id = $1', [actor.personId]);
    await appendAudit(tx, { actor, action: 'mfa.totp_disabled', targetType: 'person', targetId: actor.personId, ip, at: now });
  });
  return { ok: true as const };
}

/** Issues a fresh set of recovery codes (the old ones stop working); needs a current TOTP code. */
export async function regenerateRecoveryCodes(ctx: AppContext, actor: Actor, code: string, ip: string) {
  const now = ctx.clock.now();
  const person = await loadMfaState(ctx, actor.personId);
  const step = person.totp_secret ? verifyTotp(person.totp_secret, code, now, person.totp_last_step) : null;
  if (step === null) throw new AppError('invalid_totp');
  return ctx.db.transaction(async (tx) => {
    // The code is used up, as at sign-in.
    const claimed = await tx.query(
      'UPDATE people SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id',
      [actor.personId, step],
    );
    if (claimed.length === 0) throw new AppError('invalid_totp');
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.personId);
    await appendAudit(tx, { actor, action: 'mfa.recovery_codes_regenerated', targetType: 'person', targetId: actor.personId, ip, at: now });
    return { recoveryCodes };
  });
}

async function loadMfaState(ctx: AppContext, personId: string) {
  const rows = await ctx.db.query<{ password_hash: string; totp_secret: string | null; totp_last_step: number | null }>(
    'SELECT password_hash, totp_secret, totp_last_step FROM people WHERE id = $1',
    [personId],
  );
  const row = rows[0];
  if (!row) throw new AppError('not_found');
  return { ...row, totp_last_step: row.totp_last_step === null ? null : Number(row.totp_last_step) };
}

async function replaceRecoveryCodes(tx: Queryable, personId: string): Promise<string[]> {
  await tx.query('DELETE FROM recovery_codes WHERE person_id = $1', [personId]);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomToken(12)
      .replace(/[^a-zA-Z0-9]/g, '')
      .toLowerCase()
      .padEnd(10, '7')
      .slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await tx.query('INSERT INTO recovery_codes (person_id, code_hash) SELECT $1, unnest($2::text[])', [
    personId,
    codes.map((c) => sha256(normaliseRecoveryCode(c))),
  ]);
  return codes;
}
