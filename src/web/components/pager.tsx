// Offset paging for server-paged tables: "21–40 of 312" with Previous and Next.

/** Previous/next buttons around the shown range; hidden when everything fits on one page. */
export function Pager({
  offset,
  limit,
  total,
  onOffset,
  busy = false,
  what = 'items',
}: {
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
  busy?: boolean;
  what?: string;
}) {
  if (total === 0) return null;
  const first = Math.min(offset + 1, total);
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label={`Pages of ${what}`}>
      <span className="muted small" aria-live="polite">
        {first}–{last} of {total} {what}
        {busy ? ' (loading…)' : ''}
      </span>
      {total > limit ? (
        <span className="actions">
          <button
            type="button"
            className="button button-small"
            disabled={offset === 0 || busy}
            onClick={() => onOffset(Math.max(0, offset - limit))}
          >
            Previous
          </button>
          <button type="button" className="button button-small" disabled={last >= total || busy} onClick={() => onOffset(offset + limit)}>
            Next
          </button>
        </span>
      ) : null}
    </nav>
  );
}
