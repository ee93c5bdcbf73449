// Renders a query's loading, error (denial, not found, other) and success states the same way everywhere.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { DenialPanel } from './denial-panel.tsx';
import { ErrorBanner, Loading } from './messages.tsx';

export interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Loading line, then the children with the data; forbidden answers show the denial panel. Data already shown stays. */
export function QueryView<T>({
  query,
  what,
  notFound,
  children,
}: {
  query: QueryLike<T>;
  what?: string;
  /** What a 404 means here (default: removed, or a wrong link). */
  notFound?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.error && query.data === undefined) {
    if (query.error instanceof ApiError && query.error.code === 'forbidden') return <DenialPanel reason={query.error.message} />;
    if (query.error instanceof ApiError && query.error.status === 404) {
      return <ErrorBanner title="Not found." error={new Error(notFound ?? 'It may have been removed, or the link is wrong.')} />;
    }
    return <ErrorBanner title={what ? `Could not load ${what}.` : undefined} error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (query.isPending || query.data === undefined) return <Loading what={what ? `Loading ${what}` : 'Loading'} />;
  return <>{children(query.data)}</>;
}
