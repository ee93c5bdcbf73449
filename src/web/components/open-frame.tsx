// The frame of pages anyone may open (advisories, reporting): the signed-in app layout for people signed in, a public
// header for visitors.
import type { ReactNode } from 'react';
import { Link, Outlet } from 'react-router-dom';
import { useMe } from '../api/me.ts';
import { AppLayout, skipToMain } from './app-layout.tsx';
import { MeContext } from './me-context.tsx';
import { ErrorBanner, Loading } from './messages.tsx';

/** The public header, page and footer around the route's page. */
export function PublicFrame(props: { brandTo: string; brandLabel: string; tagline: string; actions: ReactNode; footer: ReactNode }) {
  return (
    <div className="app public">
      {/* Skipping to content never changes the address: its fragment may hold a report's tracking token. */}
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to={props.brandTo} className="brand" aria-label={props.brandLabel}>
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>
            OpenISAO
          </Link>
          <span className="topbar-tagline">{props.tagline}</span>
          <div className="userbox">{props.actions}</div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">{props.footer}</footer>
    </div>
  );
}

/**
 * Loads GET /me once, then the signed-in layout or `publicFrame`. With `publicOnError`, a failed session check shows the
 * public frame (a page that must work anyway, like the report form) instead of an error.
 */
export function OpenFrame(props: { publicFrame: ReactNode; publicOnError?: boolean }) {
  const me = useMe();
  if (me.isPending) {
    return (
      <div className="page-center">
        <Loading />
      </div>
    );
  }
  if (me.error && !props.publicOnError) {
    return (
      <div className="page-center">
        <ErrorBanner title="OpenISAO is not reachable." error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data) return <>{props.publicFrame}</>;
  return (
    <MeContext.Provider value={me.data}>
      <AppLayout />
    </MeContext.Provider>
  );
}
