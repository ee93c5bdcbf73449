// /vendor/access#<token>: an external vendor opens the one-time link from the ISAO's email. The token stays in the
// fragment (never in a server log or a Referer); it is exchanged only when the person presses the button, so a mail
// scanner that follows links cannot spend it.
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { openVendorLink } from '../../api/vendor-access.ts';
import { TextField } from '../../components/fields.tsx';
import { ErrorBanner } from '../../components/messages.tsx';
import { usePageTitle } from '../../lib/use-page-title.ts';

function tokenOf(text: string): string {
  const value = text.trim();
  const hash = value.indexOf('#');
  return (hash >= 0 ? value.slice(hash + 1) : value).trim();
}

const refusalTitles: Record<number, string> = {
  404: 'This link is not valid.',
  410: 'This link no longer works.',
  429: 'Too many links were tried from your address.',
};

/** A link pasted by hand (when the email program broke it across lines). */
function PasteLink() {
  const navigate = useNavigate();
  const [link, setLink] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (tokenOf(link)) void navigate({ pathname: '/vendor/access', hash: tokenOf(link) });
  };
  return (
    <form className="form" onSubmit={submit}>
      <TextField label="The link from the email" name="link" value={link} onChange={(e) => setLink(e.target.value)} autoComplete="off" />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!link.trim()}>
          Continue
        </button>
      </div>
    </form>
  );
}

/** The page. */
export function VendorAccessPage() {
  usePageTitle('Open a disclosure case');
  const navigate = useNavigate();
  const token = tokenOf(useLocation().hash.replace(/^#/, ''));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const open = () => {
    setPending(true);
    setError(null);
    openVendorLink(token)
      .then((opened) => navigate(`/vendor/cases/${opened.caseId}`, { replace: true }))
      .catch((err: unknown) => {
        setError(err);
        setPending(false);
      });
  };
  const status = error instanceof ApiError ? error.status : 0;
  return (
    <div className="page narrow vendor-access">
      <h1>A coordinated vulnerability disclosure case</h1>
      {!token ? (
        <>
          <p className="lead">Open the link from the ISAO’s email, or paste it here.</p>
          <PasteLink />
        </>
      ) : (
        <section className="panel" aria-labelledby="vendor-open-title">
          <h2 id="vendor-open-title">Your organisation is asked about a vulnerability</h2>
          <p>
            The ISAO coordinates the disclosure of a vulnerability that may concern your products. Open the case to read it and to tell the
            coordinators, for each vulnerability, whether your products are affected. You need no account.
          </p>
          <p className="hint">
            The link works once: it opens the case in this browser for 7 days. On another computer, ask the ISAO for a new link.
          </p>
          {error ? <ErrorBanner title={refusalTitles[status] ?? 'The case could not be opened.'} error={error} /> : null}
          <div className="actions">
            <button type="button" className="button button-primary" onClick={open} disabled={pending || status === 410 || status === 404}>
              {pending ? 'Opening…' : 'Open the case'}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
