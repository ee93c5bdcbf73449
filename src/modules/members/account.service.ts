import type { AppContext } from '../../server/context.ts';
import { appendAccessChanged } from '../events/index.ts';
import { AppError } from '../../server/http/errors.ts';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from '../../server/security/passwords.ts';
import { randomToken, sha256 } from '../../server/security/tokens.ts';
import type { TokenScope } from '../../shared/vocabulary.ts';
import { appendAudit } from '../audit/index.ts';
import { type Actor, isOrgAdminOf, isPlatformAdmin } from '../policy/index.ts';
import { TOKEN_PREFIX } from './api-token-auth.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The "who am I" answer. */
export function describeMe(actor: Actor) {
  return {
    person: {
      id: actor.personId,
      email: actor.email,
      name: actor.name,
      roles: actor.roles,
      timeZone: actor.timeZone,
      mfaEnabled: actor.mfaEnabled,
    },
    organisation: { id: actor.orgId, name: actor.orgName, kind: actor.orgKind, status: actor.orgStatus, requireMfa: actor.orgRequireMfa },
    csrfToken: actor.csrfToken,
    mfaEnrolmentRequired: actor.orgRequireMfa && !actor.mfaEnabled,
    via: actor.via,
  };
}

/** Changes my name or time zone. */
export async function updateProfile(
  ctx: AppContext,
  actor: Actor,
  input: { name?: string | undefined; timeZone?: string | undefined },
  ip: string,
) {
  if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone))
    throw new AppError('validation_failed', 'body.timeZone: unknown time zone');
  await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE people SET name = COALESCE($2, name), time_zone = COALESCE($3, time_zone) WHERE id = $1', [
      actor.personId,
      input.name ?? null,
      input.timeZone ?? null,
    ]);
    await appendAudit(tx, {
      actor,
      action: 'person.profile_updated',
      targetType: 'person',
      targetId: actor.personId,
      ip,
      detail: { fields: Object.keys(input) },
      at: ctx.clock.now(),
    });
  });
  return describeMe({ ...actor, name: input.name ?? actor.name, timeZone: input.timeZone ?? actor.timeZone });
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Changes my password; every other session is revoked. */
export async function changePassword(ctx: AppContext, actor: Actor, current: string, next: string, ip: string) {
  const rows = await ctx.db.query<{ password_hash: string }>('SELECT password_hash FROM people WHERE id = $1', [actor.personId]);
  if (!rows[0] || !(await verifyPassword(rows[0].password_hash, current)))
    throw new AppError('invalid_credentials', 'The current password is wrong.');
  assertPasswordAcceptable(next, [actor.email, actor.email.split('@')[0] ?? '', actor.name]);
  const hash = await hashPassword(next);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE people SET password_hash = $2 WHERE id = $1', [actor.personId, hash]);
    await tx.query('UPDATE sessions SET revoked_at = $3 WHERE person_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2', [
      actor.personId,
      actor.sessionId,
      now,
    ]);
    await appendAudit(tx, { actor, action: 'person.password_changed', targetType: 'person', targetId: actor.personId, ip, at: now });
  });
  return { ok: true as const };
}

/** My active sessions. */
export async function listSessions(ctx: AppContext, actor: Actor) {
  const now = ctx.clock.now();
  const idleSince = new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60_000);
  const rows = await ctx.db.query<{
    id: string;
    created_at: Date;
    last_seen_at: Date;
    expires_at: Date;
    ip: string | null;
    user_agent: string | null;
  }>(
    `SELECT id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions
     WHERE person_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3 ORDER BY last_seen_at DESC`,
    [actor.personId, now, idleSince],
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      createdAt: iso(r.created_at)!,
      lastSeenAt: iso(r.last_seen_at)!,
      expiresAt: iso(r.expires_at)!,
      ip: r.ip,
      userAgent: r.user_agent,
      current: r.id === actor.sessionId,
    })),
  };
}

/** Revokes one of my sessions (signing out is revoking the current one). */
export async function revokeSession(ctx: AppContext, actor: Actor, sessionId: string, ip: string, action = 'session.revoked') {
  const now = ctx.clock.now();
  const event = await ctx.db.transaction(async (tx) => {
    const rows = await tx.query(
      'UPDATE sessions SET revoked_at = $3 WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL RETURNING id',
      [sessionId, actor.personId, now],
    );
    if (rows.length === 0) throw new AppError('not_found');
    await appendAudit(tx, { actor, action, targetType: 'session', targetId: sessionId, ip, at: now });
    return appendAccessChanged(tx, { personIds: [actor.personId] }, actor.personId, now);
  });
  ctx.events.announce(event);
  return { ok: true as const };
}

interface TokenRow {
  id: string;
  name: string;
  token_prefix: string;
  scopes: TokenScope[];
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
const presentToken = (r: TokenRow) => ({
  id: r.id,
  name: r.name,
  prefix: r.token_prefix,
  scopes: r.scopes,
  createdAt: iso(r.created_at)!,
  expiresAt: iso(r.expires_at)!,
  lastUsedAt: iso(r.last_used_at),
  revokedAt: iso(r.revoked_at),
});

/** My API tokens (never the tokens themselves: only their prefixes). */
export async function listTokens(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db.query<TokenRow>('SELECT * FROM api_tokens WHERE person_id = $1 ORDER BY created_at DESC', [actor.personId]);
  return { items: rows.map(presentToken) };
}

/** Creates an API token; the token is returned once and stored as a hash. */
export async function createToken(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; scopes: TokenScope[]; expiresInDays: number },
  ip: string,
) {
  if (input.scopes.includes('admin') && !isPlatformAdmin(actor) && !isOrgAdminOf(actor, actor.orgId)) {
    throw new AppError('forbidden', 'Only administrators may create tokens with the admin scope.');
  }
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<TokenRow>(
      `INSERT INTO api_tokens (person_id, name, token_prefix, token_hash, scopes, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [actor.personId, input.name, token.slice(0, 12), sha256(token), [...new Set(input.scopes)], now, expiresAt],
    );
    const row = rows[0]!;
    await appendAudit(tx, {
      actor,
      action: 'token.created',
      targetType: 'api_token',
      targetId: row.id,
      ip,
      detail: { name: input.name, scopes: row.scopes, expiresAt: expiresAt.toISOString() },
      at: now,
    });
    return { token, item: presentToken(row) };
  });
}

/** Revokes one of my API tokens. */
export async function revokeToken(ctx: AppContext, actor: Actor, tokenId: string, ip: string) {
  const now = ctx.clock.now();
  const event = await ctx.db.transaction(async (tx) => {
    const rows = await tx.query(
      'UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL RETURNING id',
      [tokenId, actor.personId, now],
    );
    if (rows.length === 0) throw new AppError('not_found');
    await appendAudit(tx, { actor, action: 'token.revoked', targetType: 'api_token', targetId: tokenId, ip, at: now });
    return appendAccessChanged(tx, { personIds: [actor.personId] }, actor.personId, now);
  });
  ctx.events.announce(event);
  return { ok: true as const };
}
