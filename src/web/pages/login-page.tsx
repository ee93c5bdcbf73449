// /login: email and password, then the authentication code (or a recovery code) when MFA is on.
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import { useLogin, useMe } from '../api/me.ts';
import type { LoginBody } from '../api/types.ts';
import { TextField } from '../components/fields.tsx';
import { ErrorBanner, InfoBox } from '../components/messages.tsx';
import { PublicShell } from '../components/public-shell.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

type Step = 'password' | 'totp' | 'recovery';

/** Where to go after signing in: back to the page that sent us here, else home. */
function useReturnPath(): string {
  const state = useLocation().state as { from?: unknown } | null;
  const from = typeof state?.from === 'string' ? state.from : '/';
  return from.startsWith('/') && !from.startsWith('//') && from !== '/login' ? from : '/';
}

/** The sign-in page. */
export function LoginPage() {
  usePageTitle('Sign in');
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const returnPath = useReturnPath();
  const [step, setStep] = useState<Step>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');

  if (me.data && !login.isPending) return <Navigate to={returnPath} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: LoginBody = { email: email.trim(), password };
    if (step === 'totp') body.totp = code.replace(/\s/g, '');
    if (step === 'recovery') body.recoveryCode = code.trim();
    login.mutate(body, {
      onSuccess: () => void navigate(returnPath, { replace: true }),
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'mfa_required' && step === 'password') {
          login.reset();
          setStep('totp');
        }
      },
    });
  };

  const switchTo = (next: Step) => {
    login.reset();
    setCode('');
    setStep(next);
  };

  return (
    <PublicShell>
      <h1>Sign in</h1>
      <form onSubmit={submit} className="form" noValidate={false}>
        {step === 'password' ? (
          <>
            <TextField
              label="Email"
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoFocus
            />
            <TextField
              label="Password"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </>
        ) : (
          <>
            <InfoBox>
              Signing in as <strong>{email}</strong>.{' '}
              {step === 'totp'
                ? 'Enter the 6-digit code from your authenticator app.'
                : 'Enter one of the recovery codes you saved when you turned on two-factor authentication. Each code works once.'}
            </InfoBox>
            {step === 'totp' ? (
              <TextField
                key="totp"
                label="Authentication code"
                name="totp"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                value={code}
                onChange={(e) => setCode(e.target.value)}
                autoFocus
                hint="Six digits; a new one every 30 seconds."
              />
            ) : (
              <TextField
                key="recovery"
                label="Recovery code"
                name="recoveryCode"
                autoComplete="off"
                spellCheck={false}
                required
                value={code}
                onChange={(e) => setCode(e.target.value)}
                autoFocus
              />
            )}
          </>
        )}
        <ErrorBanner error={login.error} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={login.isPending}>
            {login.isPending ? 'Signing in…' : step === 'password' ? 'Sign in' : 'Verify and sign in'}
          </button>
          {step !== 'password' ? (
            <button type="button" className="button-link" onClick={() => switchTo(step === 'totp' ? 'recovery' : 'totp')}>
              {step === 'totp' ? 'Use a recovery code instead' : 'Use your authenticator app instead'}
            </button>
          ) : null}
          {step !== 'password' ? (
            <button type="button" className="button-link" onClick={() => switchTo('password')}>
              Start again
            </button>
          ) : null}
        </div>
      </form>
      <hr />
      <p>
        Not a member yet? <Link to="/apply">Apply for membership</Link>
      </p>
      <p>
        Found a security problem in a medical device? <Link to="/report">Report a vulnerability</Link> — no account needed.
      </p>
    </PublicShell>
  );
}
