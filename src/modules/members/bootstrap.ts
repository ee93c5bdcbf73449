import type { AppContext } from '../../server/context.ts';
import { assertPasswordAcceptable, hashPassword } from '../../server/security/passwords.ts';
import { randomToken } from '../../server/security/tokens.ts';
import { appendAudit } from '../audit/index.ts';

/** The operator admin created on an empty database, with the password when it was generated here. */
export interface BootstrapResult {
  created: boolean;
  adminEmail: string | null;
  generatedPassword: string | null;
}

export const OPERATOR_ORG_NAME = 'OpenISAO Operator';

/** A readable random password: four groups of five characters (about 100 bits). */
export function generatePassword(): string {
  const raw = randomToken(24).replace(/[^a-zA-Z0-9]/g, '');
  return (raw.slice(0, 20).match(/.{1,5}/g) ?? [raw]).join('-');
}

/**
 * On an empty database, creates the ISAO operator organisation and its first platform admin
 * (ISAO_ADMIN_EMAIL/ISAO_ADMIN_PASSWORD, or a generated password). Does nothing otherwise.
 */
export async function bootstrapOperator(ctx: AppContext): Promise<BootstrapResult> {
  const existing = await ctx.db.query('SELECT 1 FROM people LIMIT 1');
  if (existing.length > 0) return { created: false, adminEmail: null, generatedPassword: null };
  const email = ctx.config.adminEmail ?? 'admin@openisao.example';
  const generated = ctx.config.adminPassword ? null : generatePassword();
  const password = ctx.config.adminPassword ?? generated!;
  assertPasswordAcceptable(password, [email]);
  const hash = await hashPassword(password);
  const now = ctx.clock.now();
  const created = await ctx.db.transaction(async (tx) => {
    // Another node may have bootstrapped between our check and this transaction.
    await tx.query('SELECT pg_advisory_xact_lock(7263003)');
    if ((await tx.query('SELECT 1 FROM people LIMIT 1')).length > 0) return false;
    const orgs = await tx.query<{ id: string }>(
      `INSERT INTO organisations (name, kind, status, created_at, decided_at) VALUES ($1, 'operator', 'active', $2, $2) RETURNING id`,
      [OPERATOR_ORG_NAME, now],
    );
    const orgId = orgs[0]!.id;
    const people = await tx.query<{ id: string }>(
      `INSERT INTO people (org_id, email, name, password_hash, roles, created_at)
       VALUES ($1, $2, 'Platform Administrator', $3, '{platform_admin,org_admin,coordinator}', $4) RETURNING id`,
      [orgId, email, hash, now],
    );
    await appendAudit(tx, {
      actor: { label: 'system' },
      action: 'installation.bootstrapped',
      targetType: 'person',
      targetId: people[0]!.id,
      detail: { adminEmail: email, passwordGenerated: generated !== null },
      at: now,
    });
    return true;
  });
  return created
    ? { created: true, adminEmail: email, generatedPassword: generated }
    : { created: false, adminEmail: null, generatedPassword: null };
}
