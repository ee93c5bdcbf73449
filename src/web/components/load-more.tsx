// The "load more" footer of a paged (infinite) list, with the error of the last page if it failed.
import { ErrorBanner } from './messages.tsx';

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
}

/** A button that fetches the next page; `label` says which way the list goes ("Load older"). */
export function LoadMore({ query, label = 'Load more' }: { query: PagedQuery; label?: string }) {
  return (
    <>
      <ErrorBanner error={query.isFetchNextPageError ? query.error : null} />
      {query.hasNextPage ? (
        <div className="actions actions-center">
          <button type="button" className="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? 'Loading…' : label}
          </button>
        </div>
      ) : null}
    </>
  );
}
