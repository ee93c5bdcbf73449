// Inline messages: an error banner (role="alert"), a success note (role="status") and a loading line.
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/client.ts';

/** Readable lines from an error's details (zod-style issues or field → message pairs), if any. */
function detailLines(error: unknown): string[] {
  if (!(error instanceof ApiError) || !error.details) return [];
  const issues = error.details['issues'];
  if (Array.isArray(issues)) {
    return issues.slice(0, 8).map((issue: unknown) => {
      const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
      const where = Array.isArray(path) && path.length ? `${path.join('.')}: ` : '';
      return `${where}${typeof message === 'string' ? message : 'invalid'}`;
    });
  }
  return Object.entries(error.details)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .slice(0, 8)
    .map(([key, value]) => `${key}: ${value}`);
}

/** Shows the server's error message for a failed request or mutation; renders nothing without an error. */
export function ErrorBanner({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  if (!error) return null;
  const lines = detailLines(error);
  return (
    <div className="banner banner-error" role="alert">
      <div>
        {title ? <strong className="banner-title">{title}</strong> : null}
        <span>{errorMessage(error)}</span>
        {lines.length ? (
          <ul className="banner-details">
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : null}
      </div>
      {onRetry ? (
        <button type="button" className="button button-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** A confirmation that something worked. */
export function SuccessMessage({ children }: { children: ReactNode }) {
  return (
    <div className="banner banner-success" role="status">
      {children}
    </div>
  );
}

/** A neutral information box. */
export function InfoBox({ children, title }: { children: ReactNode; title?: string }) {
  return (
    <div className="banner banner-info">
      <div>
        {title ? <strong className="banner-title">{title}</strong> : null}
        {children}
      </div>
    </div>
  );
}

/** A polite "Loading…" line for screen readers and sighted users alike. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {what}…
    </p>
  );
}

/** A file the server refused as invalid: its message, where in the file (the error's `place` detail, if any) and any advice. */
export function InvalidFileBanner({ title, error, children }: { title: string; error: ApiError; children?: ReactNode }) {
  const place = typeof error.details?.['place'] === 'string' ? error.details['place'] : null;
  return (
    <div className="banner banner-error" role="alert">
      <div>
        <strong className="banner-title">{title}</strong>
        <span>{error.message}</span>
        {place ? (
          <p className="small banner-details">
            Where in the file: <code>{place}</code>
          </p>
        ) : null}
        {children}
      </div>
    </div>
  );
}
