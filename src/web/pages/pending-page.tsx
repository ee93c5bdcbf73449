// /pending: what a person of a not-yet-active (or rejected / suspended) organisation sees.
import { Link, Navigate } from 'react-router-dom';
import { orgKindLabels } from '../../shared/vocabulary.ts';
import { useCurrentMe } from '../components/me-context.tsx';
import { isActiveMember } from '../lib/roles.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

const copy = {
  pending: {
    title: 'Your application is being reviewed',
    text: 'Thank you for applying. The ISAO team checks every new organisation before it can see or share information. You will receive an email when a decision has been made; until then only your account settings are available.',
  },
  rejected: {
    title: 'Your application was not accepted',
    text: 'The ISAO team did not approve this application. If you think this is a mistake, contact the ISAO team.',
  },
  suspended: {
    title: 'Your organisation’s membership is suspended',
    text: 'Shared information is not available while the membership is suspended. Contact the ISAO team to resolve this.',
  },
} as const;

/** The membership status page. */
export function PendingPage() {
  const me = useCurrentMe();
  const status = me.organisation.status;
  const text = status === 'active' ? copy.pending : copy[status];
  usePageTitle(text.title);
  if (isActiveMember(me)) return <Navigate to="/" replace />;
  return (
    <section className="page narrow">
      <h1>{text.title}</h1>
      <p className="lead">{text.text}</p>
      <dl className="details">
        <dt>Organisation</dt>
        <dd>{me.organisation.name}</dd>
        <dt>Kind</dt>
        <dd>{orgKindLabels[me.organisation.kind]}</dd>
        <dt>Applicant</dt>
        <dd>
          {me.person.name} ({me.person.email})
        </dd>
      </dl>
      <p>
        Meanwhile, you can protect your account with two-factor authentication in <Link to="/account/security">Account security</Link>.
      </p>
    </section>
  );
}
