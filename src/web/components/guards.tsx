// Route guards: signed in, active member (not pending, MFA enrolled when required), and role checks.
import type { Role } from '../../shared/vocabulary.ts';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { signedOutDeliberately, useMe } from '../api/me.ts';
import { hasAnyRole, isActiveMember } from '../lib/roles.ts';
import { AppLayout } from './app-layout.tsx';
import { DenialPanel } from './denial-panel.tsx';
import { MeContext, useCurrentMe } from './me-context.tsx';
import { ErrorBanner, Loading } from './messages.tsx';

/** Loads GET /me; signed-out visitors go to /login (and come back afterwards). */
export function RequireSignedIn() {
  const me = useMe();
  const location = useLocation();
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
  if (!me.data) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/login" replace state={signedOutDeliberately() ? null : { from }} />;
  }
  return (
    <MeContext.Provider value={me.data}>
      <AppLayout />
    </MeContext.Provider>
  );
}

/** Only for active members; pending organisations see their status, MFA enrolment comes first when required. */
export function RequireActiveMember() {
  const me = useCurrentMe();
  if (!isActiveMember(me)) return <Navigate to="/pending" replace />;
  if (me.mfaEnrolmentRequired) return <Navigate to="/account/security" replace />;
  return <Outlet />;
}

/** Shows the denial panel unless the person holds one of the roles. */
export function RequireRole({ roles }: { roles: readonly Role[] }) {
  const me = useCurrentMe();
  if (!hasAnyRole(me, roles)) return <DenialPanel />;
  return <Outlet />;
}
