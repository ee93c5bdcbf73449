import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import { appendAudit } from '../audit/index.ts';

/** How many attempts in a window a key may make, and how long it is locked after that. */
export interface ThrottleRule {
  limit: number;
  windowMinutes: number;
  lockMinutes: number;
}

/** Sign-in attempts per account: 5 in 15 minutes, then locked for 15 minutes. */
export const accountRule: ThrottleRule = { limit: 5, windowMinutes: 15, lockMinutes: 15 };
/** Failed sign-in attempts per address: 30 in 15 minutes, then locked for 15 minutes. */
export const addressRule: ThrottleRule = { limit: 30, windowMinutes: 15, lockMinutes: 15 };

function tooMany(now: Date, lockedUntil: Date): AppError {
  const seconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  return new AppError('too_many_requests', `Too many attempts; try again in ${Math.ceil(seconds / 60)} minute(s).`, undefined, {
    'retry-after': String(seconds),
  });
}

/**
 * Counts an attempt against a key before the work it guards, in one atomic statement, so parallel
 * requests cannot all slip under the limit. Refuses with 429 and Retry-After once the limit is passed.
 */
export async function reserveAttempt(ctx: AppContext, key: string, rule: ThrottleRule, ip: string | null = null): Promise<void> {
  const now = ctx.clock.now();
  const windowStart = new Date(now.getTime() - rule.windowMinutes * 60_000);
  const rows = await ctx.db.query<{ failures: number; locked_until: Date | null }>(
    `INSERT INTO auth_throttle (key, failures, window_start) VALUES ($1, 1, $2)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN auth_throttle.locked_until > $2 THEN auth_throttle.failures
                       WHEN auth_throttle.window_start < $3 THEN 1 ELSE auth_throttle.failures + 1 END,
       window_start = CASE WHEN auth_throttle.locked_until > $2 THEN auth_throttle.window_start
                           WHEN auth_throttle.window_start < $3 THEN $2 ELSE auth_throttle.window_start END
     RETURNING failures, locked_until`,
    [key, now, windowStart],
  );
  const row = rows[0]!;
  if (row.locked_until && new Date(row.locked_until) > now) throw tooMany(now, new Date(row.locked_until));
  if (row.failures > rule.limit) {
    const lockedUntil = new Date(now.getTime() + rule.lockMinutes * 60_000);
    await ctx.db.transaction(async (tx) => {
      await tx.query('UPDATE auth_throttle SET locked_until = $2 WHERE key = $1', [key, lockedUntil]);
      await appendAudit(tx, {
        actor: { label: 'system' },
        action: 'auth.locked',
        targetType: 'throttle',
        targetId: key,
        ip,
        detail: { until: lockedUntil.toISOString() },
        at: now,
      });
    });
    throw tooMany(now, lockedUntil);
  }
}

/** Gives an attempt back (a successful sign-in does not count against its address). */
export async function releaseAttempt(ctx: AppContext, key: string): Promise<void> {
  await ctx.db.query('UPDATE auth_throttle SET failures = GREATEST(failures - 1, 0) WHERE key = $1', [key]);
}

/** Forgets an account's attempts after it signs in successfully. */
export async function clearAttempts(ctx: AppContext, key: string): Promise<void> {
  await ctx.db.query('DELETE FROM auth_throttle WHERE key = $1 AND (locked_until IS NULL OR locked_until <= $2)', [key, ctx.clock.now()]);
}
