// /invite/:token: accept an invitation by choosing a name and password; signs the new person in.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import { useAcceptInvitation, useInvitationPreview } from '../api/membership.ts';
import { DateTime } from '../components/date-time.tsx';
import { TextField } from '../components/fields.tsx';
import { ErrorBanner, Loading } from '../components/messages.tsx';
import { PublicShell } from '../components/public-shell.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

/** The invitation acceptance page. */
export function InvitePage() {
  usePageTitle('Accept invitation');
  const token = useParams().token ?? '';
  const preview = useInvitationPreview(token);
  const accept = useAcceptInvitation(token);
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    accept.mutate({ name: name.trim(), password }, { onSuccess: () => void navigate('/', { replace: true }) });
  };

  if (preview.isPending) {
    return (
      <PublicShell>
        <Loading what="Checking your invitation" />
      </PublicShell>
    );
  }
  if (preview.error || !preview.data) {
    const expired = preview.error instanceof ApiError && [400, 404, 410].includes(preview.error.status);
    return (
      <PublicShell>
        <h1>Invitation not valid</h1>
        {expired ? (
          <div className="banner banner-error" role="alert">
            This invitation link has expired, was revoked or was already used. Ask the person who invited you for a new one.
          </div>
        ) : (
          <ErrorBanner error={preview.error} onRetry={() => void preview.refetch()} />
        )}
        <p>
          <Link to="/login">Go to sign in</Link>
        </p>
      </PublicShell>
    );
  }

  return (
    <PublicShell>
      <h1>Join {preview.data.orgName} on OpenISAO</h1>
      <p className="lead">
        You were invited as <strong>{preview.data.email}</strong>. Choose your name and a password to create your account. This invitation
        expires <DateTime value={preview.data.expiresAt} />.
      </p>
      <form className="form" onSubmit={submit}>
        <TextField label="Email" value={preview.data.email} readOnly disabled autoComplete="username" />
        <TextField
          label="Your name"
          name="name"
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="name"
          autoFocus
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          required
          minLength={12}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          hint="At least 12 characters; common passwords are refused."
        />
        <ErrorBanner title="Your account was not created." error={accept.error} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={accept.isPending}>
            {accept.isPending ? 'Creating account…' : 'Create account and sign in'}
          </button>
        </div>
      </form>
    </PublicShell>
  );
}
