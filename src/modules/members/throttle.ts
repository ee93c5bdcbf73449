import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';

/** How many failures in a window lock a key, and for how long. */
export interface ThrottleRule {
  limit: number;
  windowMinutes: number;
  lockMinutes: number;
}

/** Failed sign-ins per account: 5 in 15 minutes lock it for 15 minutes. */
export const accountRule: ThrottleRule = { limit: 5, windowMinutes: 15, lockMinutes: 15 };
/** Failed sign-ins per address: 30 in 15 minutes lock the address for 15 minutes. */
export const addressRule: ThrottleRule = { limit: 30, windowMinutes: 15, lockMinutes: 15 };

/** Refuses with 429 and Retry-After while any of the keys is locked. */
export async function assertNotThrottled(ctx: AppContext, keys: string[]): Promise<void> {
  const now = ctx.clock.now();
  const rows = await ctx.db.query<{ locked_until: Date }>(
    'SELECT locked_until FROM auth_throttle WHERE key = ANY($1) AND locked_until > $2 ORDER BY locked_until DESC LIMIT 1',
    [keys, now],
  );
  const lockedUntil = rows[0]?.locked_until;
  if (lockedUntil) {
    const seconds = Math.max(1, Math.ceil((new Date(lockedUntil).getTime() - now.getTime()) / 1000));
    throw new AppError('too_many_requests', `Too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} minute(s).`, undefined, {
      'retry-after': String(seconds),
    });
  }
}

/** Counts one failure against a key, locking it when the rule's limit is reached. */
export async function recordFailure(ctx: AppContext, key: string, rule: ThrottleRule): Promise<void> {
  const now = ctx.clock.now();
  const windowStart = new Date(now.getTime() - rule.windowMinutes * 60_000);
  const lockUntil = new Date(now.getTime() + rule.lockMinutes * 60_000);
  await ctx.db.query(
    `INSERT INTO auth_throttle (key, failures, window_start) VALUES ($1, 1, $2)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN auth_throttle.window_start < $3 THEN 1 ELSE auth_throttle.failures + 1 END,
       window_start = CASE WHEN auth_throttle.window_start < $3 THEN $2 ELSE auth_throttle.window_start END`,
    [key, now, windowStart],
  );
  await ctx.db.query('UPDATE auth_throttle SET locked_until = $2, failures = 0, window_start = $3 WHERE key = $1 AND failures >= $4', [
    key,
    lockUntil,
    now,
    rule.limit,
  ]);
}

/** Forgets an account's failures after it signs in successfully. */
export async function clearFailures(ctx: AppContext, key: string): Promise<void> {
  await ctx.db.query('DELETE FROM auth_throttle WHERE key = $1', [key]);
}
