/**
 * Reminders before an embargo passes: 48 hours ahead, every participant (the ISAO's coordinators, the vendors'
 * people and external vendors' contacts) gets one email with the time in UTC and in their own time zone (UTC for
 * external contacts). Sent once per embargo date; a changed date is reminded of again.
 */
import type { AppContext } from '../../server/context.ts';

export const REMIND_HOURS = 48;

/** The moment in a person's time zone, e.g. "Tue, 24 Nov 2026, 15:00 (Europe/Berlin)". */
export function inZone(at: Date, timeZone: string): string {
  try {
    // dateStyle/timeStyle cannot be combined with weekday: the parts are named one by one.
    const text = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at);
    return `${text} (${timeZone})`;
  } catch {
    return `${at.toISOString()} (UTC)`;
  }
}

/** Sends the reminders that are due; returns how many cases were reminded. */
export async function sendEmbargoReminders(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const due = await ctx.db.query<{ id: string; reference: string; title: string; embargo_until: Date }>(
    `UPDATE cases SET embargo_reminded_at = $1
      WHERE embargo_until IS NOT NULL AND embargo_reminded_at IS NULL AND state <> 'closed'
        AND embargo_until > $1 AND embargo_until <= $2
      RETURNING id, reference, title, embargo_until`,
    [now, new Date(now.getTime() + REMIND_HOURS * 3_600_000)],
  );
  for (const c of due) {
    const people = await ctx.db.query<{ email: string; time_zone: string }>(
      `SELECT DISTINCT p.email, p.time_zone FROM people p JOIN organisations o ON o.id = p.org_id
        WHERE p.status = 'active' AND o.status = 'active' AND (
          (o.kind = 'operator' AND p.roles && ARRAY['coordinator', 'platform_admin']::text[])
          OR (p.org_id IN (SELECT org_id FROM case_vendors WHERE case_id = $1) AND p.roles && ARRAY['org_admin', 'analyst']::text[]))`,
      [c.id],
    );
    const contacts = await ctx.db.query<{ email: string }>(
      'SELECT contact_email AS email FROM external_vendor_contacts WHERE case_id = $1',
      [c.id],
    );
    // External contacts have no time zone on record, and open the case through their own page.
    const recipients = [
      ...people.map((p) => ({ ...p, path: `/cases/${c.id}` })),
      ...contacts.map((x) => ({ ...x, time_zone: 'UTC', path: `/vendor/cases/${c.id}` })),
    ];
    const at = new Date(c.embargo_until);
    for (const p of recipients) {
      try {
        await ctx.mailer.send({
          to: p.email,
          subject: `Embargo of ${c.reference} ends ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
          text:
            `The embargo of the coordinated disclosure case ${c.reference} ends at ${at.toISOString().replace('.000Z', 'Z')} (UTC),\n` +
            `that is ${inZone(at, p.time_zone)} for you.\n\nOpen the case: ${ctx.config.publicUrl}${p.path}`,
        });
      } catch (err) {
        ctx.log.error({ err }, 'could not send an embargo reminder');
      }
    }
  }
  return due.length;
}

/** Checks for due reminders every `seconds` (0: never). */
export function startEmbargoReminders(ctx: AppContext, seconds: number): { stop(): void } {
  if (seconds <= 0) return { stop: () => undefined };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    sendEmbargoReminders(ctx)
      .catch((err: unknown) => ctx.log.error({ err }, 'embargo reminders'))
      .finally(() => (busy = false));
  }, seconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
