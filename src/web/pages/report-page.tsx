// /report: anyone reports a vulnerability, without an account, in about five minutes. The form checks itself (proof of
// work, a honeypot field), keeps everything typed when sending fails, then shows the reference and the private
// tracking link once and sends the picked files to it.
import { useContext, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import { type ReportReceipt as Receipt, ReportApiError, sendReport } from '../api/reports.ts';
import { MeContext } from '../components/me-context.tsx';
import { ErrorBanner, InfoBox } from '../components/messages.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { AffectedFields } from './report/affected-fields.tsx';
import { ReportKeyFacts } from './report/encrypted-message.tsx';
import { FilePicker } from './report/report-files.tsx';
import { type FieldKey, type ReportForm, emptyReportForm, formProblems, reportBody, waitInWords } from './report/report-form-model.ts';
import { ReportReceipt } from './report/report-receipt.tsx';
import { CreditContactSection, Honeypot, KnownSection, ProblemSection, ProofStatus } from './report/report-sections.tsx';
import { useReportProof } from './report/use-report-proof.ts';

/** A readable error for a refused report; the typed text always stays on the form. */
function sendProblem(error: unknown): unknown {
  if (error instanceof ReportApiError && error.status === 429) {
    const wait = error.retryAfterSeconds ? waitInWords(error.retryAfterSeconds) : 'an hour';
    return new Error(`Too many reports were sent from your address recently. You can send this one in ${wait}; what you typed stays here.`);
  }
  return error;
}

function HowItWorks() {
  return (
    <aside className="panel report-aside" aria-labelledby="how-title">
      <h2 id="how-title">How it works</h2>
      <ol className="steps">
        <li>You describe the problem. No account is needed; only the manufacturer, the product, a title and a description are required.</li>
        <li>You get a reference and a private tracking link to follow the report, answer questions and add files.</li>
        <li>An ISAO coordinator acknowledges the report, checks it and coordinates a fix with the manufacturer.</li>
      </ol>
      <h3>Please</h3>
      <ul className="plain-list">
        <li>leave out patient data and personal health information;</li>
        <li>don’t test on devices in clinical use;</li>
        <li>send one report per problem.</li>
      </ul>
      <ReportKeyFacts />
    </aside>
  );
}

/** The report page: the form, then the receipt. */
export function ReportPage() {
  usePageTitle('Report a vulnerability');
  const me = useContext(MeContext);
  const proof = useReportProof();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState<ReportForm>(emptyReportForm);
  const [files, setFiles] = useState<File[]>([]);
  const [touched, setTouched] = useState<Set<FieldKey>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [stage, setStage] = useState<'idle' | 'checking' | 'sending'>('idle');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ receipt: Receipt; files: File[]; email: string } | null>(null);

  const patch = (next: Partial<ReportForm>) => setForm((current) => ({ ...current, ...next }));
  const touch = (key: FieldKey) => setTouched((current) => (current.has(key) ? current : new Set(current).add(key)));
  const allProblems = formProblems(form);
  const shown = Object.fromEntries(Object.entries(allProblems).filter(([key]) => attempted || touched.has(key as FieldKey)));
  const problemCount = Object.keys(allProblems).length;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    const first = Object.keys(allProblems)[0];
    if (first) {
      const field = formRef.current?.elements.namedItem(first);
      if (field instanceof HTMLElement) field.focus();
      return;
    }
    setError(null);
    try {
      let receipt: Receipt | null = null;
      for (let attempt = 0; receipt === null; attempt++) {
        setStage('checking');
        const solved = await proof.obtain();
        setStage('sending');
        try {
          receipt = await sendReport(reportBody(form, solved));
        } catch (failure) {
          // The challenge expired or was used (400): solve a fresh one and send again, once.
          const refusedProof = failure instanceof ApiError && failure.status === 400 && failure.code === 'bad_request';
          if (refusedProof) proof.renew();
          if (!refusedProof || attempt > 0) throw failure;
        }
      }
      setDone({ receipt, files, email: form.contactEmail.trim() });
      window.scrollTo(0, 0);
    } catch (failure) {
      setError(sendProblem(failure));
    } finally {
      setStage('idle');
    }
  };

  const another = () => {
    setDone(null);
    setForm(emptyReportForm);
    setFiles([]);
    setTouched(new Set());
    setAttempted(false);
    proof.renew();
  };

  if (done) {
    return (
      <div className="page narrow">
        <ReportReceipt receipt={done.receipt} files={done.files} email={done.email} onAnother={another} />
      </div>
    );
  }

  const busy = stage !== 'idle';
  return (
    <div className="page report-page">
      <h1>Report a vulnerability</h1>
      <p className="lead">
        Found a security problem in a medical device, its software or a service it depends on? Tell the ISAO: our coordinators check every
        report and work with the manufacturer on a fix. It takes about five minutes.
      </p>
      {me ? (
        <InfoBox>
          You are signed in, but the report is not linked to your account: you follow it with the private tracking link you get after
          sending.
        </InfoBox>
      ) : null}
      <div className="split">
        <form ref={formRef} className="form panel" noValidate onSubmit={(e) => void submit(e)} onFocus={proof.start} aria-label="Report">
          {attempted && problemCount > 0 ? (
            <div className="banner banner-error" role="alert">
              <div>
                <strong className="banner-title">The report was not sent.</strong>
                {problemCount === 1 ? 'One field needs your attention' : `${problemCount} fields need your attention`}: see the messages
                below.
              </div>
            </div>
          ) : null}
          <AffectedFields form={form} patch={patch} problems={shown} touch={touch} />
          <ProblemSection form={form} patch={patch} problems={shown} touch={touch} />
          <KnownSection form={form} patch={patch} problems={shown} touch={touch} />
          <FilePicker files={files} onChange={setFiles} disabled={busy} />
          <CreditContactSection form={form} patch={patch} problems={shown} touch={touch} />
          <Honeypot value={form.website} onChange={(website) => patch({ website })} />
          <ErrorBanner title="The report was not sent." error={error} />
          <div className="report-send">
            <button type="submit" className="button button-primary" disabled={busy}>
              {stage === 'checking' ? 'Checking the form…' : stage === 'sending' ? 'Sending…' : 'Send the report'}
            </button>
            <ProofStatus state={proof.state} onRetry={proof.renew} />
          </div>
        </form>
        <HowItWorks />
      </div>
    </div>
  );
}
