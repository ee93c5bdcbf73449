// /account/security: profile, password, two-factor authentication, sessions and API tokens.
import { useCurrentMe } from '../components/me-context.tsx';
import { InfoBox } from '../components/messages.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { MfaSection } from './account/mfa-section.tsx';
import { PasswordSection } from './account/password-section.tsx';
import { ProfileSection } from './account/profile-section.tsx';
import { SessionsSection } from './account/sessions-section.tsx';
import { TokensSection } from './account/tokens-section.tsx';

/** The account security page; the only page besides the status page for pending or not-yet-enrolled people. */
export function AccountSecurityPage() {
  usePageTitle('Account security');
  const me = useCurrentMe();
  const enrolmentOnly = me.mfaEnrolmentRequired;
  return (
    <div className="page">
      <h1>Account security</h1>
      {enrolmentOnly ? (
        <InfoBox title="Two-factor authentication required.">
          {me.organisation.name} requires everyone to use two-factor authentication. Set it up below to continue to OpenISAO.
        </InfoBox>
      ) : null}
      <MfaSection />
      {enrolmentOnly ? null : (
        <>
          <div className="grid-2">
            <PasswordSection />
            <ProfileSection />
          </div>
          <SessionsSection />
          {me.via === 'session' ? <TokensSection /> : null}
        </>
      )}
    </div>
  );
}
