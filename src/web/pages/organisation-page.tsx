// /organisation (my organisation, org admins) and /admin/organisations/:id (operator staff): details, MFA policy,
// people, invitations and agreement evidence.
import { Link, useParams } from 'react-router-dom';
import { useOrganisation } from '../api/organisations.ts';
import { useCurrentMe } from '../components/me-context.tsx';
import { QueryView } from '../components/query-view.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { AgreementsSection } from './organisation/agreements-section.tsx';
import { DetailsSection } from './organisation/details-section.tsx';
import { InvitationsSection } from './organisation/invitations-section.tsx';
import { PeopleSection } from './organisation/people-section.tsx';

function OrganisationView({ orgId, fallbackName }: { orgId: string; fallbackName?: string }) {
  const organisation = useOrganisation(orgId);
  usePageTitle(organisation.data?.name ?? fallbackName ?? 'Organisation');
  return (
    <QueryView query={organisation} what="the organisation">
      {(org) => (
        <>
          <h1>{org.name}</h1>
          <DetailsSection key={org.id} organisation={org} />
          <PeopleSection organisation={org} />
          <InvitationsSection organisation={org} />
          <AgreementsSection orgId={org.id} />
        </>
      )}
    </QueryView>
  );
}

/** My organisation, for its admins. */
export function OrganisationPage() {
  const me = useCurrentMe();
  return (
    <div className="page">
      <OrganisationView orgId={me.organisation.id} fallbackName={me.organisation.name} />
    </div>
  );
}

/** Any organisation, for operator staff (opened from the organisations list). */
export function AdminOrganisationPage() {
  const id = useParams().id ?? '';
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/admin/organisations">Organisations</Link>
      </p>
      <OrganisationView orgId={id} />
    </div>
  );
}
