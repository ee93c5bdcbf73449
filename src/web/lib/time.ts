// Date and time helpers: local display with UTC alongside, and datetime-local input to ISO with offset.

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/** "12 Mar 2025, 14:05" in the browser's time zone. */
export function formatLocal(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "12 Mar 2025" in the browser's time zone. */
export function formatLocalDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** "2025-03-12 13:05:09 UTC", shown on hover. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Turns a datetime-local value ("2025-03-12T14:05") into ISO 8601 with the local offset ("...+01:00"). */
export function localInputToIso(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return undefined;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const ymd = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const hms = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${ymd}T${hms}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** True when the ISO timestamp is in the past. */
export function isPast(iso: string): boolean {
  return new Date(iso).getTime() < Date.now();
}

/** The browser's IANA time zone name, e.g. "Europe/Berlin". */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "12 Mar 2025" for a calendar date ("2025-03-12"), without shifting it through a time zone. */
export function formatCalendarDate(ymd: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!match) return formatLocalDate(ymd);
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}
