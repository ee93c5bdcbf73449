// Words for the scheduled feeds: what a kind holds, "every 6 hours", times in the person's time zone, server messages per field.
import { ApiError } from '../../api/client.ts';
import type { Feed, FeedKind } from '../../api/feeds.ts';

/** What each kind of feed brings, in words. */
export const feedKindLabels: Record<FeedKind, string> = {
  vulndb: 'vulnerability data (OSV, CVE 5, NVD, KEV, EPSS)',
  csaf: 'CSAF advisory',
};

/** The units an interval is entered in, with their length in minutes. */
export const intervalUnits = [
  { unit: 'minutes', minutes: 1 },
  { unit: 'hours', minutes: 60 },
  { unit: 'days', minutes: 1440 },
] as const;
export type IntervalUnit = (typeof intervalUnits)[number]['unit'];

/** Minutes in a unit. */
export function unitMinutes(unit: IntervalUnit): number {
  return intervalUnits.find((u) => u.unit === unit)?.minutes ?? 1;
}

/** The largest whole unit an interval is written in: 1440 → 1 day, 90 → 90 minutes. */
export function splitInterval(minutes: number): { value: number; unit: IntervalUnit } {
  if (minutes % 1440 === 0) return { value: minutes / 1440, unit: 'days' };
  if (minutes % 60 === 0) return { value: minutes / 60, unit: 'hours' };
  return { value: minutes, unit: 'minutes' };
}

/** "every hour", "every 6 hours", "every 90 minutes", "every 7 days". */
export function intervalWords(minutes: number): string {
  const { value, unit } = splitInterval(minutes);
  const singular = unit.slice(0, -1);
  return value === 1 ? `every ${singular}` : `every ${value} ${unit}`;
}

/** The feed's status badge: its class and words. */
export function statusBadge(status: Feed['lastStatus']): { className: string; label: string } {
  switch (status) {
    case 'imported':
      return { className: 'pill-ok', label: 'Imported' };
    case 'not_modified':
      return { className: 'pill-off', label: 'Not modified' };
    case 'failed':
      return { className: 'pill-bad', label: 'Failed' };
    case null:
      return { className: 'pill-off', label: 'Never run' };
  }
}

/** "12 Mar 2025, 14:05 CET" in the given IANA time zone (the browser's when the zone is unknown). */
export function formatInZone(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  const zoned = (zone: string | undefined) => {
    const text = date.toLocaleString(undefined, { ...options, timeZone: zone });
    const name = new Intl.DateTimeFormat(undefined, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName')?.value;
    return name ? `${text} ${name}` : text;
  };
  try {
    return zoned(timeZone || undefined);
  } catch {
    return zoned(undefined);
  }
}

/** "in 59 minutes", "2 hours ago", "now": how far a time is from now, in words. */
export function relativeWords(iso: string, now: number = Date.now()): string {
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000);
  if (Math.abs(minutes) < 1) return 'now';
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (Math.abs(minutes) < 90) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}

/** The fields of the feed forms that the server may complain about. */
export type FeedField = 'name' | 'kind' | 'url' | 'intervalMinutes' | 'enabled';
const feedFields: readonly FeedField[] = ['name', 'kind', 'url', 'intervalMinutes', 'enabled'];

/** The server's messages per field: 400 validation issues ("body.url": …) and 409 "this URL exists already" (on the URL). */
export function fieldErrors(error: unknown): Partial<Record<FeedField, string>> {
  if (!(error instanceof ApiError)) return {};
  if (error.code === 'already_exists') return { url: error.message };
  const issues = error.details?.['issues'];
  if (!Array.isArray(issues)) return {};
  const found: Partial<Record<FeedField, string>> = {};
  for (const issue of issues as { path?: unknown; message?: unknown }[]) {
    if (typeof issue.path !== 'string' || typeof issue.message !== 'string') continue;
    const field = issue.path.replace(/^body\./, '').split('.')[0] as FeedField;
    if (feedFields.includes(field) && !found[field]) found[field] = issue.message;
  }
  return found;
}
