// /apply/confirm/:token: the link from the application email; confirms it and signs the applicant in.
import { useEffect, useRef } from 'react';
import { Link, Navigate, useParams } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import { useConfirmApplication } from '../api/membership.ts';
import { ErrorBanner, Loading } from '../components/messages.tsx';
import { PublicShell } from '../components/public-shell.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

/** Confirms the application once on arrival; then the pending page shows its status. */
export function ApplyConfirmPage() {
  usePageTitle('Confirm your application');
  const token = useParams().token ?? '';
  const confirm = useConfirmApplication(token);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    confirm.mutate();
  }, [confirm]);

  if (confirm.isSuccess) return <Navigate to="/pending" replace />;
  if (confirm.error) {
    const gone = confirm.error instanceof ApiError && [400, 404, 410].includes(confirm.error.status);
    return (
      <PublicShell>
        <h1>Application not confirmed</h1>
        {gone ? (
          <div className="banner banner-error" role="alert">
            This confirmation link has expired or was already used. If you already confirmed, sign in; otherwise apply again.
          </div>
        ) : (
          <ErrorBanner error={confirm.error} />
        )}
        <p>
          <Link to="/login">Go to sign in</Link> · <Link to="/apply">Apply again</Link>
        </p>
      </PublicShell>
    );
  }
  return (
    <PublicShell>
      <Loading what="Confirming your application" />
    </PublicShell>
  );
}
