// Account security: two-factor authentication (TOTP) enrolment, recovery codes and turning it off.
import { useState, type FormEvent } from 'react';
import { useRegenerateRecoveryCodes, useTotpDisable, useTotpEnable, useTotpSetup } from '../../api/mfa.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { TextField } from '../../components/fields.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { RecoveryCodesPanel } from '../../components/recovery-codes.tsx';

const digits = (value: string) => value.replace(/\D/g, '').slice(0, 6);

function CodeField({ value, onChange, label = 'Authentication code' }: { value: string; onChange: (v: string) => void; label?: string }) {
  return (
    <TextField
      label={label}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      required
      value={value}
      onChange={(e) => onChange(digits(e.target.value))}
      hint="The 6-digit code your authenticator app shows now."
    />
  );
}

/** Enrolment: setup (QR + secret) → first code; the parent owns `enable` so the codes survive the re-render. */
function Enrol({ enable, onCode }: { enable: ReturnType<typeof useTotpEnable>; onCode: (code: string) => void }) {
  const setup = useTotpSetup();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onCode(code);
  };
  if (!setup.data) {
    return (
      <>
        <p>
          Two-factor authentication asks for a code from an app on your phone (such as Google Authenticator, Microsoft Authenticator or
          FreeOTP) each time you sign in, so a stolen password is not enough.
        </p>
        <ErrorBanner error={setup.error} />
        <button type="button" className="button button-primary" onClick={() => setup.mutate()} disabled={setup.isPending}>
          Set up two-factor authentication
        </button>
      </>
    );
  }
  return (
    <form className="form" onSubmit={submit}>
      <ol className="steps">
        <li>
          <p>Scan this QR code with your authenticator app.</p>
          <img className="qr" src={setup.data.qrCode} alt="QR code to add OpenISAO to your authenticator app" width={200} height={200} />
        </li>
        <li>
          <p>If you cannot scan it, enter this secret key in the app instead:</p>
          <p className="secret">
            <code data-testid="totp-secret">{setup.data.secret}</code> <CopyButton text={setup.data.secret} label="Copy key" />
          </p>
        </li>
        <li>
          <p>Enter the code the app shows to confirm.</p>
          <CodeField value={code} onChange={setCode} />
        </li>
      </ol>
      <ErrorBanner title="Two-factor authentication was not turned on." error={enable.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={enable.isPending}>
          Turn on two-factor authentication
        </button>
        <button type="button" className="button" onClick={() => setup.reset()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** New recovery codes (needs a current code). */
function Regenerate({ onCodes, onCancel }: { onCodes: (codes: string[]) => void; onCancel: () => void }) {
  const regenerate = useRegenerateRecoveryCodes();
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    regenerate.mutate(code, { onSuccess: (result) => onCodes(result.recoveryCodes) });
  };
  return (
    <form className="form subform" onSubmit={submit} aria-label="Generate new recovery codes">
      <p>Your old recovery codes stop working when you generate new ones.</p>
      <CodeField value={code} onChange={setCode} />
      <ErrorBanner error={regenerate.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={regenerate.isPending}>
          Generate new codes
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Turning TOTP off (password and a current code). */
function Disable({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const disable = useTotpDisable();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    disable.mutate({ password, code }, { onSuccess: onDone });
  };
  return (
    <form className="form subform" onSubmit={submit} aria-label="Turn off two-factor authentication">
      <p>Without two-factor authentication, anyone with your password can read what is shared with your organisation.</p>
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <CodeField value={code} onChange={setCode} />
      <ErrorBanner error={disable.error} />
      <div className="actions">
        <button type="submit" className="button button-danger" disabled={disable.isPending}>
          Turn off
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The two-factor authentication panel of the account security page. */
export function MfaSection() {
  const me = useCurrentMe();
  const enable = useTotpEnable();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [open, setOpen] = useState<'none' | 'regenerate' | 'disable'>('none');
  const [notice, setNotice] = useState<string | null>(null);
  const showCodes = (next: string[]) => {
    setOpen('none');
    setNotice(null);
    setCodes(next);
  };
  return (
    <section className="panel" aria-labelledby="mfa-title">
      <h2 id="mfa-title">Two-factor authentication</h2>
      {codes ? (
        <RecoveryCodesPanel
          codes={codes}
          onDone={() => {
            setCodes(null);
            setNotice('Two-factor authentication is on and your recovery codes are saved.');
          }}
        />
      ) : me.person.mfaEnabled ? (
        <>
          <p className="status-line">
            <span className="pill pill-ok">On</span> You sign in with your password and an authentication code.
          </p>
          {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
          {open === 'regenerate' ? <Regenerate onCodes={showCodes} onCancel={() => setOpen('none')} /> : null}
          {open === 'disable' ? (
            <Disable
              onDone={() => {
                setOpen('none');
                setNotice('Two-factor authentication is off.');
              }}
              onCancel={() => setOpen('none')}
            />
          ) : null}
          {open === 'none' ? (
            <div className="actions">
              <button type="button" className="button" onClick={() => setOpen('regenerate')}>
                Generate new recovery codes
              </button>
              <button
                type="button"
                className="button button-danger-outline"
                onClick={() => setOpen('disable')}
                disabled={me.organisation.requireMfa}
              >
                Turn off two-factor authentication
              </button>
            </div>
          ) : null}
          {me.organisation.requireMfa ? (
            <p className="hint">Your organisation requires two-factor authentication, so it cannot be turned off.</p>
          ) : null}
        </>
      ) : (
        <>
          <p className="status-line">
            <span className="pill pill-off">Off</span> Only your password protects this account.
          </p>
          {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
          <Enrol enable={enable} onCode={(code) => enable.mutate(code, { onSuccess: (result) => showCodes(result.recoveryCodes) })} />
        </>
      )}
    </section>
  );
}
