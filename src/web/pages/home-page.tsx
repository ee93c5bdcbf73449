// /: the dashboard: welcome, my organisation, quick links and the latest notices.
import { Link } from 'react-router-dom';
import { orgKindLabels } from '../../shared/vocabulary.ts';
import { useRecentNotices } from '../api/notices.ts';
import { useCurrentMe } from '../components/me-context.tsx';
import { InfoBox } from '../components/messages.tsx';
import { NoticeList } from '../components/notice-list.tsx';
import { QueryView } from '../components/query-view.tsx';
import { auditRoles, hasAnyRole, operatorStaffRoles, orgAdminRoles, roleLabels } from '../lib/roles.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

/** The home page of a signed-in member. */
export function HomePage() {
  usePageTitle('Home');
  const me = useCurrentMe();
  const recent = useRecentNotices(5);
  const firstName = me.person.name.split(/\s+/)[0] ?? me.person.name;
  return (
    <div className="page">
      <h1>Welcome, {firstName}</h1>
      {!me.person.mfaEnabled ? (
        <InfoBox title="Protect your account.">
          Turn on two-factor authentication in <Link to="/account/security">Account security</Link>: shared information is only as safe as
          the accounts that can read it.
        </InfoBox>
      ) : null}
      <div className="grid-2">
        <section className="panel" aria-labelledby="my-org-title">
          <h2 id="my-org-title">My organisation</h2>
          <dl className="details">
            <dt>Name</dt>
            <dd>{me.organisation.name}</dd>
            <dt>Kind</dt>
            <dd>{orgKindLabels[me.organisation.kind]}</dd>
            <dt>My roles</dt>
            <dd>{me.person.roles.map((role) => roleLabels[role]).join(', ')}</dd>
            <dt>Two-factor authentication</dt>
            <dd>{me.organisation.requireMfa ? 'Required for everyone' : 'Optional'}</dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="quick-title">
          <h2 id="quick-title">Quick links</h2>
          <ul className="quick-links">
            <li>
              <Link to="/notices">Read and share notices</Link>
            </li>
            <li>
              <Link to="/groups">Sharing groups</Link>
            </li>
            <li>
              <Link to="/products">
                {me.organisation.kind === 'manufacturer' ? 'My products, SBOMs and findings' : 'Products and SBOMs'}
              </Link>
            </li>
            {hasAnyRole(me, orgAdminRoles) ? (
              <li>
                <Link to="/organisation">Manage my organisation and invite colleagues</Link>
              </li>
            ) : null}
            {hasAnyRole(me, operatorStaffRoles) ? (
              <li>
                <Link to="/admin/applications">Review membership applications</Link>
              </li>
            ) : null}
            {hasAnyRole(me, auditRoles) ? (
              <li>
                <Link to="/audit">Audit log</Link>
              </li>
            ) : null}
            <li>
              <Link to="/account/security">Account security</Link>
            </li>
          </ul>
        </section>
      </div>
      <section className="panel" aria-labelledby="recent-title">
        <div className="panel-head">
          <h2 id="recent-title">Recent notices</h2>
          <Link to="/notices">All notices</Link>
        </div>
        <QueryView query={recent} what="recent notices">
          {(page) => <NoticeList notices={page.items} />}
        </QueryView>
      </section>
    </div>
  );
}
