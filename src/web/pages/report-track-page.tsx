// /report/track#<token>: the reporter follows a report through the private tracking link. The token lives only in the
// address's fragment (never sent to the server as part of a page address): status, summary, conversation, reply, files.
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import {
  type ReporterView,
  ReportApiError,
  downloadTrackingFile,
  reportKeyUrl,
  uploadTrackingFile,
  useSetTrackedReport,
  useTrackReply,
  useTrackedReport,
} from '../api/reports.ts';
import { DateTime } from '../components/date-time.tsx';
import { TextAreaField, TextField } from '../components/fields.tsx';
import { ErrorBanner, Loading } from '../components/messages.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { Conversation } from './report/conversation.tsx';
import { FilesPanel } from './report/files-panel.tsx';
import { armorProblem, isArmoredMessage, waitInWords } from './report/report-form-model.ts';
import { isClosed, statusLabels, statusPill } from './report/report-labels.ts';

/** The token of a pasted tracking link (or of the bare token). */
function tokenOf(text: string): string {
  const value = text.trim();
  const hash = value.indexOf('#');
  return (hash >= 0 ? value.slice(hash + 1) : value).trim();
}

/** Without a token in the address: paste the link. */
function PasteLink() {
  const navigate = useNavigate();
  const [link, setLink] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = tokenOf(link);
    if (token.length < 20 || token.length > 100 || /[^A-Za-z0-9_-]/.test(token)) {
      setProblem('This is not a tracking link. Paste the whole link you got after sending your report (it contains “#”).');
      return;
    }
    void navigate({ pathname: '/report/track', hash: token });
  };
  return (
    <section className="panel form-narrow" aria-labelledby="paste-title">
      <h2 id="paste-title">Open your report</h2>
      <form className="form" onSubmit={submit}>
        <TextField
          label="Your tracking link"
          name="trackingLink"
          value={link}
          onChange={(e) => setLink(e.target.value)}
          autoComplete="off"
        />
        {problem ? <p className="report-field-error">{problem}</p> : null}
        <div className="actions">
          <button type="submit" className="button button-primary">
            Open
          </button>
        </div>
      </form>
    </section>
  );
}

function LoadProblem({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof ApiError && error.status === 404) {
    return (
      <div className="banner banner-error" role="alert">
        <div>
          <strong className="banner-title">No report has this tracking link.</strong>
          Check that you copied the whole link, including everything after “#”. The link was shown once after you sent the report and, if
          you gave an email address, sent to it.
        </div>
      </div>
    );
  }
  if (error instanceof ReportApiError && error.status === 429) {
    const wait = error.retryAfterSeconds ? waitInWords(error.retryAfterSeconds) : 'an hour';
    return <ErrorBanner title="Too many wrong tracking links were tried from your address." error={new Error(`Try again in ${wait}.`)} />;
  }
  return <ErrorBanner title="Could not load your report." error={error} onRetry={onRetry} />;
}

function Reply({ token, closed }: { token: string; closed: boolean }) {
  const reply = useTrackReply(token);
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  if (closed) return <p className="hint">This report is closed. If you have new information, send a new report.</p>;
  // A pasted OpenPGP message is sent as such: the server decrypts it, and this page shows only that it arrived.
  const encrypted = isArmoredMessage(text);
  const problem = encrypted ? armorProblem(text) : text.trim().length > 10_000 ? 'At most 10,000 characters.' : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim() || problem) return;
    setSent(false);
    reply.mutate(encrypted ? { encryptedMessage: text.trim() } : { body: text.trim() }, {
      onSuccess: () => {
        setText('');
        setSent(true);
      },
    });
  };
  return (
    <form className="form reply-form" onSubmit={submit}>
      <TextAreaField
        id="reply-text"
        label="Write to the coordinators"
        name="reply"
        rows={5}
        value={text}
        onChange={(e) => setText(e.target.value)}
        hint={
          problem ? (
            <span className="text-danger">{problem}</span>
          ) : encrypted ? (
            'This will be sent as an OpenPGP-encrypted message: only the coordinators read it.'
          ) : (
            <>
              Answer a question or add information. The coordinators are notified. To send it encrypted, paste an OpenPGP message encrypted
              to{' '}
              <a href={reportKeyUrl()} target="_blank" rel="noreferrer">
                the ISAO’s key
              </a>
              .
            </>
          )
        }
      />
      <ErrorBanner title="Your message was not sent." error={reply.error} />
      {sent ? (
        <p className="small" role="status">
          Your message was sent.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={reply.isPending || !text.trim() || problem !== null}>
          {reply.isPending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}

function Tracked({ token, report }: { token: string; report: ReporterView }) {
  const store = useSetTrackedReport(token);
  const closed = isClosed(report.status);
  return (
    <>
      <div className="title-row">
        <h1>{report.title}</h1>
      </div>
      <p className="muted report-sub">
        <span className="report-ref">{report.reference}</span> · received <DateTime value={report.receivedAt} />
      </p>
      <section className={`panel status-box status-${report.status}`} aria-labelledby="status-title">
        <h2 id="status-title">
          Status: <span className={statusPill[report.status]}>{statusLabels[report.status]}</span>
        </h2>
        <p className="status-text">{report.statusText}</p>
        {report.decisionReason && (report.status === 'needs_info' || report.status === 'rejected') ? (
          <blockquote className="reason">{report.decisionReason}</blockquote>
        ) : null}
        {report.status === 'needs_info' ? (
          <p>
            {/* Not a #reply link: the address's fragment holds the tracking token. */}
            <button type="button" className="button-link" onClick={() => document.getElementById('reply-text')?.focus()}>
              Answer below
            </button>
          </p>
        ) : null}
      </section>
      <div className="split">
        <section className="panel" aria-labelledby="conversation-title">
          <h2 id="conversation-title">Conversation</h2>
          <Conversation messages={report.messages} viewer="reporter" />
          <Reply token={token} closed={closed} />
        </section>
        <div className="stack">
          <section className="panel" aria-labelledby="summary-title">
            <h2 id="summary-title">Your report</h2>
            <dl className="details">
              <dt>Reference</dt>
              <dd>{report.reference}</dd>
              <dt>Manufacturer</dt>
              <dd>{report.vendorName}</dd>
              <dt>Product</dt>
              <dd>{report.productName}</dd>
              <dt>Version</dt>
              <dd>{report.productVersion || <span className="muted">—</span>}</dd>
              {report.encryptedMessage ? (
                <>
                  <dt>Encrypted details</dt>
                  <dd>
                    Received and decrypted ({report.encryptedMessage.characters.toLocaleString()} characters). Not shown here, so a leaked
                    tracking link does not reveal them.
                  </dd>
                </>
              ) : null}
              <dt>Received</dt>
              <dd>
                <DateTime value={report.receivedAt} />
              </dd>
            </dl>
          </section>
          <FilesPanel
            attachments={report.attachments}
            viewer="reporter"
            canAdd={!closed}
            closedNote="This report is closed: no more files can be added."
            upload={async (file, onProgress) => store(await uploadTrackingFile(token, file, onProgress))}
            download={{ run: (file) => downloadTrackingFile(token, file) }}
          />
          <p className="hint">The address of this page is your private tracking link: bookmark it, and share it with no one.</p>
        </div>
      </div>
    </>
  );
}

/** The tracking page. */
export function ReportTrackPage() {
  usePageTitle('Your vulnerability report');
  const location = useLocation();
  let token = '';
  try {
    token = decodeURIComponent(location.hash.replace(/^#/, '')).trim();
  } catch {
    token = '';
  }
  const report = useTrackedReport(token);
  return (
    <div className="page report-track">
      {!token ? (
        <>
          <h1>Your vulnerability report</h1>
          <p className="lead">Open the private tracking link you got when you sent your report.</p>
          <PasteLink />
        </>
      ) : report.data ? (
        <Tracked token={token} report={report.data} />
      ) : report.error ? (
        <>
          <h1>Your vulnerability report</h1>
          <LoadProblem error={report.error} onRetry={() => void report.refetch()} />
          <PasteLink />
        </>
      ) : (
        <Loading what="Loading your report" />
      )}
    </div>
  );
}
