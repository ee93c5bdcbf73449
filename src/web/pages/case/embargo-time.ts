// Times of an embargo: shown in the person's own time zone (their profile's) and in UTC, entered in their time zone,
// and the time left in words ("2 days 4 hours").

/** The zone to show times in: the person's profile zone when the browser knows it, else the browser's own. */
export function usableZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  }
}

/** "Fri, 12 Jun 2026, 14:00" in a time zone. */
export function formatInZone(iso: string, zone: string): string {
  return new Date(iso).toLocaleString(undefined, {
    timeZone: usableZone(zone),
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** True when a zone keeps UTC all year (then one time is enough). */
export function isUtc(zone: string): boolean {
  return ['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Universal', 'Zulu', 'Etc/Zulu'].includes(zone);
}

/** "Fri, 12 Jun 2026, 12:00 UTC". */
export function formatUtcShort(iso: string): string {
  return `${formatInZone(iso, 'UTC')} UTC`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** How far a zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffset(at: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: usableZone(zone),
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/** A datetime-local value ("2026-06-12T14:00") read as wall-clock time in a zone, as UTC ISO 8601; undefined if invalid. */
export function zonedInputToIso(local: string, zone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // Twice, so that an instant near a daylight-saving change settles on the right offset.
  let at = wall - zoneOffset(wall, zone);
  at = wall - zoneOffset(at, zone);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/** An instant as a datetime-local value in a zone (to prefill the input). */
export function isoToZonedInput(iso: string, zone: string): string {
  const at = new Date(iso).getTime();
  const d = new Date(at + zoneOffset(at, zone));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A duration in words, to the two largest units: "2 days 4 hours", "3 hours 12 minutes", "less than a minute". */
export function durationWords(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0) return mins ? `${unit(hours, 'hour')} ${unit(mins, 'minute')}` : unit(hours, 'hour');
  return mins > 0 ? unit(mins, 'minute') : 'less than a minute';
}
