// The frame of the advisory pages, which anyone may open: the signed-in app layout for people signed in, a public header
// with "Sign in" for visitors (the server shows them the public, TLP:CLEAR, advisories only).
import { useContext } from 'react';
import { Link, useLocation } from 'react-router-dom';
import type { Me } from '../../api/types.ts';
import { MeContext } from '../../components/me-context.tsx';
import { OpenFrame, PublicFrame } from '../../components/open-frame.tsx';
import { hasAnyRole, isActiveMember, operatorStaffRoles } from '../../lib/roles.ts';

/** The signed-in person, or null for a visitor (only inside AdvisoryFrame or the signed-in guard). */
export function useOptionalMe(): Me | null {
  return useContext(MeContext);
}

/** ISAO operator staff (coordinators and platform admins of the operator organisation) import advisories. */
export function canImportAdvisories(me: Me | null): boolean {
  return me !== null && isActiveMember(me) && me.organisation.kind === 'operator' && hasAnyRole(me, operatorStaffRoles);
}

function PublicAdvisoryFrame() {
  const location = useLocation();
  return (
    <PublicFrame
      brandTo="/advisories"
      brandLabel="OpenISAO advisories"
      tagline="Medical-device cybersecurity information sharing"
      actions={
        <Link to="/login" state={{ from: `${location.pathname}${location.search}` }} className="button button-small button-on-dark">
          Sign in
        </Link>
      }
      footer="OpenISAO · Public advisories (TLP:CLEAR). Members sign in to see what is shared with their organisation."
    />
  );
}

/** The signed-in app layout (signed in) or the public frame (signed out) around the advisory pages. */
export function AdvisoryFrame() {
  return <OpenFrame publicFrame={<PublicAdvisoryFrame />} />;
}
