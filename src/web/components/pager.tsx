// Offset paging for server-paged tables: "21–40 of 312" with Previous and Next.
import type { ReactNode } from 'react';
import { QueryView, type QueryLike } from './query-view.tsx';

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

/**
 * A server-paged query: QueryView's loading and error states, then the empty message when the page has no items, else
 * the items (`children`) with the pager under them (busy while the next page loads).
 */
export function PagedQueryView<T>({
  query,
  what,
  offset,
  limit,
  onOffset,
  empty,
  children,
}: {
  query: QueryLike<{ items: T[]; total: number }> & { isPlaceholderData: boolean };
  what: string;
  offset: number;
  limit: number;
  onOffset: (offset: number) => void;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <QueryView query={query} what={what}>
      {(page) =>
        page.items.length === 0 ? (
          <p className="empty">{empty}</p>
        ) : (
          <>
            {children(page.items)}
            <Pager offset={offset} limit={limit} total={page.total} onOffset={onOffset} busy={query.isPlaceholderData} what={what} />
          </>
        )
      }
    </QueryView>
  );
}
