// The frame of the report and tracking pages, which anyone may open: the signed-in layout for people signed in, a
// public header for everyone else.
import { Link, Outlet } from 'react-router-dom';
import { useMe } from '../../api/me.ts';
import { AppLayout, skipToMain } from '../../components/app-layout.tsx';
import { MeContext } from '../../components/me-context.tsx';
import { Loading } from '../../components/messages.tsx';

function PublicReportFrame() {
  return (
    <div className="app public">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/report" className="brand" aria-label="OpenISAO: report a vulnerability">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>
            OpenISAO
          </Link>
          <span className="topbar-tagline">Coordinated vulnerability disclosure for medical devices</span>
          <div className="userbox">
            <Link to="/advisories" className="userbox-link">
              Advisories
            </Link>
            <Link to="/login" className="button button-small button-on-dark">
              Member sign in
            </Link>
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        OpenISAO · Reports are read only by the ISAO’s coordinators, who share them with the manufacturer to get them fixed.
      </footer>
    </div>
  );
}

/** GET /me once, then the signed-in layout or the public frame around the page. */
export function ReportFrame() {
  const me = useMe();
  if (me.isPending) {
    return (
      <div className="page-center">
        <Loading />
      </div>
    );
  }
  // Signed out, or the session check failed: the report form must work anyway, in the public frame.
  if (!me.data) return <PublicReportFrame />;
  return (
    <MeContext.Provider value={me.data}>
      <AppLayout />
    </MeContext.Provider>
  );
}
