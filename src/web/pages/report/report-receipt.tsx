// After sending: the reference and the private tracking link (shown once), the files being sent, what happens next.
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import type { ReportReceipt as Receipt } from '../../api/reports.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { UploadList, useFileUploads } from './report-files.tsx';

export function ReportReceipt({
  receipt,
  files,
  email,
  onAnother,
}: {
  receipt: Receipt;
  files: File[];
  email: string;
  onAnother: () => void;
}) {
  const navigate = useNavigate();
  const uploads = useFileUploads();
  const started = useRef(false);
  useEffect(() => {
    if (started.current || files.length === 0) return;
    started.current = true;
    void uploads.run(receipt.trackingToken, files);
  }, [files, receipt.trackingToken, uploads]);
  useEffect(() => {
    if (!uploads.running) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [uploads.running]);
  useEffect(() => {
    document.getElementById('receipt-title')?.focus();
  }, []);

  return (
    <div className="stack report-receipt">
      <h1 id="receipt-title" tabIndex={-1}>
        Report received
      </h1>
      <div className="banner banner-success" role="status">
        <div>
          Thank you. Your report <strong className="report-ref">{receipt.reference}</strong> was received{' '}
          <DateTime value={receipt.receivedAt} />. Quote this reference when you write about it.
          {receipt.encryptedMessage ? (
            <>
              {' '}
              Your encrypted message was decrypted ({receipt.encryptedMessage.characters.toLocaleString()} characters); it is never shown on
              the tracking page.
            </>
          ) : null}
        </div>
      </div>
      <section className="panel tracking-link-panel" aria-labelledby="tracking-title">
        <h2 id="tracking-title">Your private tracking link</h2>
        <p>Follow your report, answer the coordinators’ questions and add files with this link. No account is needed.</p>
        <div className="tracking-link">
          <code data-testid="tracking-link">{receipt.trackingUrl}</code>
          <CopyButton text={receipt.trackingUrl} label="Copy link" />
        </div>
        <div className="banner banner-warning">
          <div>
            <strong className="banner-title">Keep it private, and keep it now: it is shown only this once.</strong>
            Anyone with this link can read your report and write as you. OpenISAO keeps only a fingerprint of it and cannot show it again.{' '}
            {email ? (
              <>
                We also sent it to <strong>{email}</strong>.
              </>
            ) : (
              'You gave no email address: this link is the only way to follow your report. Copy it or bookmark the tracking page.'
            )}
          </div>
        </div>
        <div className="actions">
          <button
            type="button"
            className="button button-primary"
            disabled={uploads.running}
            onClick={() => void navigate({ pathname: '/report/track', hash: receipt.trackingToken })}
          >
            Open the tracking page
          </button>
          {uploads.running ? <span className="muted small">Wait until your files are sent.</span> : null}
        </div>
      </section>
      <UploadList items={uploads.items} />
      <section className="panel" aria-labelledby="next-title">
        <h2 id="next-title">What happens next</h2>
        <ol className="steps">
          <li>An ISAO coordinator acknowledges your report and checks it; they may ask you questions on the tracking page.</li>
          <li>If the report is accepted, the ISAO contacts the manufacturer and coordinates a fix and an advisory with them.</li>
          <li>If you asked for credit, the ISAO asks the manufacturer to name you in its advisory.</li>
        </ol>
        <button type="button" className="button-link" onClick={onAnother}>
          Send another report
        </button>
      </section>
    </div>
  );
}
