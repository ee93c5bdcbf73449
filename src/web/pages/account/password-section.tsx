// Account security: change my password.
import { useState, type FormEvent } from 'react';
import { useChangePassword } from '../../api/me.ts';
import { TextField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';

/** The change-password form. */
export function PasswordSection() {
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrent('');
          setNew('');
        },
      },
    );
  };
  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form className="form" onSubmit={submit}>
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          hint="At least 12 characters; common passwords are refused."
        />
        <ErrorBanner title="Your password was not changed." error={change.error} />
        {change.isSuccess ? <SuccessMessage>Your password was changed.</SuccessMessage> : null}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={change.isPending}>
            Change password
          </button>
        </div>
      </form>
    </section>
  );
}
