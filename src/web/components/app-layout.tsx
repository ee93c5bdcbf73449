// The frame of every signed-in page: top bar with the allowed links, who is signed in, sign out.
import type { MouseEvent } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { useLogout } from '../api/me.ts';
import { EventStreamProvider } from '../lib/use-event-stream.ts';
import type { Me } from '../api/types.ts';
import { auditRoles, hasAnyRole, isActiveMember, operatorStaffRoles, orgAdminRoles } from '../lib/roles.ts';
import { seesCases } from '../pages/case/case-access.ts';
import { NotificationBell } from './forum/notification-bell.tsx';
import { UnreadConversations } from './forum/unread-conversations.tsx';
import { useCurrentMe } from './me-context.tsx';
import { ErrorBanner } from './messages.tsx';

interface NavItem {
  to: string;
  label: string;
}

/** The links this person's organisation status and roles allow (Account security sits next to the name). */
export function navItemsFor(me: Me): NavItem[] {
  if (!isActiveMember(me)) {
    return [
      { to: '/pending', label: 'Membership status' },
      { to: '/advisories', label: 'Advisories' },
      { to: '/report', label: 'Report a vulnerability' },
    ];
  }
  if (me.mfaEnrolmentRequired) return [];
  const items: NavItem[] = [
    { to: '/', label: 'Home' },
    { to: '/notices', label: 'Notices' },
    { to: '/forum', label: 'Forum' },
    { to: '/messages', label: 'Messages' },
    { to: '/advisories', label: 'Advisories' },
    { to: '/groups', label: 'Sharing groups' },
    { to: '/products', label: 'Products' },
    { to: '/vulnerability-data', label: 'Vulnerability data' },
  ];
  if (hasAnyRole(me, orgAdminRoles))
    items.push({ to: '/organisation', label: 'Organisation' }, { to: '/organisation/webhooks', label: 'Webhooks' });
  if (hasAnyRole(me, operatorStaffRoles)) {
    items.push({ to: '/admin/applications', label: 'Applications' }, { to: '/admin/organisations', label: 'Organisations' });
    if (me.organisation.kind === 'operator') items.push({ to: '/triage', label: 'Triage' });
  }
  if (seesCases(me)) items.push({ to: '/cases', label: 'Cases' });
  if (hasAnyRole(me, auditRoles)) items.push({ to: '/audit', label: 'Audit' });
  items.push({ to: '/report', label: 'Report a vulnerability' });
  return items;
}

/** "Skip to content" without changing the address (whose fragment may hold a report's tracking token). */
export function skipToMain(event: MouseEvent): void {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

/** The live stream (forum posts, notifications) is for active members only. */
function streamsLive(me: Me): boolean {
  return isActiveMember(me) && !me.mfaEnrolmentRequired;
}

/** The signed-in frame with the tab's one live-stream connection around it. */
export function AppLayout() {
  const me = useCurrentMe();
  return (
    <EventStreamProvider enabled={streamsLive(me)}>
      <AppFrame />
    </EventStreamProvider>
  );
}

/** Header, navigation and the routed page. */
function AppFrame() {
  const me = useCurrentMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const signOut = () => logout.mutate(undefined, { onSuccess: () => void navigate('/login', { replace: true }) });
  return (
    <div className="app">
      {/* Focuses the page without touching the address's fragment (the tracking page keeps its token there). */}
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <NavLink to={isActiveMember(me) ? '/' : '/pending'} className="brand" aria-label="OpenISAO home">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>
            OpenISAO
          </NavLink>
          <nav aria-label="Main" className="mainnav">
            <ul>
              {navItemsFor(me).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === '/' || item.to === '/organisation'}>
                    {item.label}
                    {item.to === '/messages' ? <UnreadConversations /> : null}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="userbox">
            <div className="userbox-who">
              <span className="userbox-name">{me.person.name}</span>
              <span className="userbox-org">{me.organisation.name}</span>
            </div>
            {streamsLive(me) ? <NotificationBell /> : null}
            <NavLink to="/account/security" className="userbox-link">
              Account security
            </NavLink>
            <button type="button" className="button button-small button-on-dark" onClick={signOut} disabled={logout.isPending}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <ErrorBanner title="Could not sign out." error={logout.error} />
        <Outlet />
      </main>
      <footer className="footer">
        OpenISAO · Confidential information sharing for medical-device cybersecurity · Respect each item's TLP label.
      </footer>
    </div>
  );
}
