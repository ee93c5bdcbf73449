// The frame of the advisory pages, which anyone may open: the signed-in app layout for people signed in, a public header
// with "Sign in" for visitors (the server shows them the public, TLP:CLEAR, advisories only).
import { useContext } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useMe } from '../../api/me.ts';
import type { Me } from '../../api/types.ts';
import { AppLayout } from '../../components/app-layout.tsx';
import { MeContext } from '../../components/me-context.tsx';
import { ErrorBanner, Loading } from '../../components/messages.tsx';
import { hasAnyRole, isActiveMember, operatorStaffRoles } from '../../lib/roles.ts';

/** The signed-in person, or null for a visitor (only inside AdvisoryFrame or the signed-in guard). */
export function useOptionalMe(): Me | null {
  return useContext(MeContext);
}

/** ISAO operator staff (coordinators and platform admins of the operator organisation) import advisories. */
export function canImportAdvisories(me: Me | null): boolean {
  return me !== null && isActiveMember(me) && me.organisation.kind === 'operator' && hasAnyRole(me, operatorStaffRoles);
}

function PublicFrame() {
  const location = useLocation();
  return (
    <div className="app public">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/advisories" className="brand" aria-label="OpenISAO advisories">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>
            OpenISAO
          </Link>
          <span className="topbar-tagline">Medical-device cybersecurity information sharing</span>
          <div className="userbox">
            <Link to="/login" state={{ from: `${location.pathname}${location.search}` }} className="button button-small button-on-dark">
              Sign in
            </Link>
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        OpenISAO · Public advisories (TLP:CLEAR). Members sign in to see what is shared with their organisation.
      </footer>
    </div>
  );
}

/** Loads GET /me once, then shows the app layout (signed in) or the public frame (signed out) around the page. */
export function AdvisoryFrame() {
  const me = useMe();
  if (me.isPending) {
    return (
      <div className="page-center">
        <Loading />
      </div>
    );
  }
  if (me.error) {
    return (
      <div className="page-center">
        <ErrorBanner title="OpenISAO is not reachable." error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data) return <PublicFrame />;
  return (
    <MeContext.Provider value={me.data}>
      <AppLayout />
    </MeContext.Provider>
  );
}
