import type { Queryable } from '../../server/db/client.ts';
import type { AppContext } from '../../server/context.ts';
import { randomToken, sha256 } from '../../server/security/tokens.ts';
import type { Actor } from '../policy/index.ts';
import { type ActorRow, actorColumns, actorFromRow, credentialActors } from './actor-loader.ts';

/** Name of the HttpOnly session cookie. */
export const SESSION_COOKIE = 'isao_session';

/** Starts a session: a fresh random token (never reused, so sign-in rotates it), stored hashed. */
export async function createSession(
  tx: Queryable,
  ctx: AppContext,
  personId: string,
  ip: string,
  userAgent: string | null,
): Promise<{ token: string; sessionId: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionAbsoluteMinutes * 60_000);
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO sessions (token_hash, person_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING id`,
    [sha256(token), personId, csrfToken, now, expiresAt, ip, userAgent],
  );
  return { token, sessionId: rows[0]!.id, csrfToken, expiresAt };
}

/** How often a session's last_seen_at is written: the idle timeout needs no finer grain, and reads stay cheap. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves a session cookie to its Actor, or null when unknown, revoked, idle too long or expired. A resolved session
 * is kept in a read cache until any write (a revocation, a role or group change, …) or until its next touch or
 * deadline is due, so most requests cost no query.
 */
export async function resolveSession(ctx: AppContext, token: string): Promise<Actor | null> {
  const now = ctx.clock.now();
  const key = sha256(token);
  return credentialActors(ctx, 'sessions').load(key, now.getTime(), async () => {
    const idleMs = ctx.config.sessionIdleMinutes * 60_000;
    const rows = await ctx.db.query<ActorRow & { session_id: string; csrf_token: string; last_seen_at: Date; expires_at: Date }>(
      `SELECT ${actorColumns}, s.id AS session_id, s.csrf_token, s.last_seen_at, s.expires_at
       FROM sessions s JOIN people p ON p.id = s.person_id JOIN organisations o ON o.id = p.org_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3`,
      [key, now, new Date(now.getTime() - idleMs)],
    );
    const row = rows[0];
    if (!row || row.person_status !== 'active' || row.org_status === 'rejected' || row.org_status === 'suspended')
      return { value: null, validUntil: null };
    const actor = actorFromRow(row, { via: 'session', sessionId: row.session_id, csrfToken: row.csrf_token, tokenId: null, scopes: null });
    const lastSeen = new Date(row.last_seen_at).getTime();
    if (now.getTime() - lastSeen > TOUCH_EVERY_MS) {
      await ctx.db.query('UPDATE sessions SET last_seen_at = $1 WHERE id = $2', [now, row.session_id]);
      return { value: actor, validUntil: null }; // the touch was a write: nothing read before it may be cached
    }
    return { value: actor, validUntil: Math.min(lastSeen + TOUCH_EVERY_MS, lastSeen + idleMs, new Date(row.expires_at).getTime()) };
  });
}

/** Cookie attributes: HttpOnly, SameSite=Strict, Secure behind TLS. */
export function sessionCookieOptions(secure: boolean, expiresAt?: Date) {
  return { httpOnly: true, sameSite: 'strict' as const, secure, path: '/', ...(expiresAt ? { expires: expiresAt } : {}) };
}
