// A <time> element: local time as text, UTC on hover.
import { formatLocal, formatLocalDate, formatUtc } from '../lib/time.ts';

/** Shows a timestamp in the reader's time zone; the title shows it in UTC. */
export function DateTime({ value, dateOnly = false }: { value: string | null | undefined; dateOnly?: boolean }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <time dateTime={value} title={formatUtc(value)}>
      {dateOnly ? formatLocalDate(value) : formatLocal(value)}
    </time>
  );
}
