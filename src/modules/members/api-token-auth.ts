import type { AppContext } from '../../server/context.ts';
import { sha256 } from '../../server/security/tokens.ts';
import type { TokenScope } from '../../shared/vocabulary.ts';
import { appendAudit } from '../audit/index.ts';
import type { Actor } from '../policy/index.ts';
import { type ActorRow, actorColumns, actorFromRow, credentialActors } from './actor-loader.ts';

/** API tokens look like `isao_<43 base64url chars>`; the prefix makes leaked ones easy to spot. */
export const TOKEN_PREFIX = 'isao_';

/** How often a token's use is recorded (last_used_at and an audit record). */
const RECORD_USE_EVERY_MS = 60_000;

/**
 * Resolves a bearer token to its Actor, or null when unknown, revoked or expired. Use is recorded
 * (last_used_at, and an audit record when the token had been idle for over a minute).
 */
export async function resolveApiToken(ctx: AppContext, token: string, ip: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const now = ctx.clock.now();
  const key = sha256(token);
  // Kept until any write (a revocation, a role change, …), its expiry, or the next recording of its use is due.
  return credentialActors(ctx, 'api_tokens').load(key, now.getTime(), async () => {
    const rows = await ctx.db.query<
      ActorRow & { token_id: string; scopes: TokenScope[]; last_used_at: Date | null; token_name: string; expires_at: Date }
    >(
      `SELECT ${actorColumns}, t.id AS token_id, t.scopes, t.last_used_at, t.name AS token_name, t.expires_at
       FROM api_tokens t JOIN people p ON p.id = t.person_id JOIN organisations o ON o.id = p.org_id
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2`,
      [key, now],
    );
    const row = rows[0];
    if (!row || row.person_status !== 'active' || row.org_status === 'rejected' || row.org_status === 'suspended')
      return { value: null, validUntil: null };
    const actor = actorFromRow(row, { via: 'token', sessionId: null, csrfToken: null, tokenId: row.token_id, scopes: row.scopes });
    const lastUsed = row.last_used_at ? new Date(row.last_used_at).getTime() : 0;
    if (now.getTime() - lastUsed <= RECORD_USE_EVERY_MS)
      return { value: actor, validUntil: Math.min(lastUsed + RECORD_USE_EVERY_MS, new Date(row.expires_at).getTime()) };
    await ctx.db.transaction(async (tx) => {
      await tx.query('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [now, row.token_id]);
      await appendAudit(tx, {
        actor,
        action: 'token.used',
        targetType: 'api_token',
        targetId: row.token_id,
        ip,
        detail: { name: row.token_name },
        at: now,
      });
    });
    return { value: actor, validUntil: null }; // recording the use was a write
  });
}
