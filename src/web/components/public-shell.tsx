// The frame of pages seen before signing in: brand header and a centred card.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/** Brand bar plus a card; `wide` for long forms such as the application. */
export function PublicShell({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className="app public">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/login" className="brand">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>
            OpenISAO
          </Link>
          <span className="topbar-tagline">Medical-device cybersecurity information sharing</span>
          <div className="userbox">
            <Link to="/report" className="userbox-link">
              Report a vulnerability
            </Link>
          </div>
        </div>
      </header>
      <main id="main" className={`public-main${wide ? ' public-main-wide' : ''}`} tabIndex={-1}>
        <div className="card">{children}</div>
      </main>
    </div>
  );
}
