// Publishing the advisory (the first version, or revision N with a summary of what changed), and once published: the
// version and date, the advisory page, the canonical URL and the files the CSAF provider directory serves.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { type AdvisoryDraft, usePublishAdvisory } from '../../api/publishing.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { TextAreaField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { failingFromDetails, failingTests } from './advisory-checks.ts';
import { FailingTestList } from './advisory-validation.tsx';

/** The canonical URL's path: the same server serves it (PUBLIC_URL is this server's public address). */
function localPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** What was published: version, date, where to read it, and its files. */
export function PublishedBox({ published, tlp }: { published: NonNullable<AdvisoryDraft['published']>; tlp: AdvisoryDraft['tlp'] }) {
  const path = localPath(published.url);
  const files = [
    { suffix: '', label: 'CSAF document (.json)' },
    { suffix: '.sha512', label: 'SHA-512 hash (.sha512)' },
    { suffix: '.asc', label: 'OpenPGP signature (.asc)' },
  ];
  return (
    <div className="advisory-published" role="group" aria-label="Published advisory">
      <p className="advisory-published-head">
        <span className="pill pill-ok">Published</span> Version <strong>{published.version}</strong>, released{' '}
        <DateTime value={published.currentReleaseDate} /> as TLP:{tlp}.{' '}
        <Link to={`/advisories/${published.advisoryId}`}>Open the advisory page</Link>
      </p>
      <dl className="details">
        <dt>Canonical URL</dt>
        <dd className="advisory-url">
          <a href={path}>{published.url}</a> <CopyButton text={published.url} label="Copy the URL" />
        </dd>
        <dt>Files</dt>
        <dd>
          <ul className="advisory-files">
            {files.map((f) => (
              <li key={f.suffix}>
                <a href={`${path}${f.suffix}`}>{f.label}</a>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </div>
  );
}

function PublishError({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.code === 'csaf_invalid') {
    return (
      <div className="banner banner-error" role="alert">
        <div>
          <strong className="banner-title">The advisory was not published: it does not pass the CSAF tests.</strong>
          <FailingTestList tests={failingFromDetails(error.details)} />
        </div>
      </div>
    );
  }
  return <ErrorBanner title="The advisory was not published." error={error} />;
}

/** "Publish" (first) or "Publish revision N", with what changed. */
export function PublishPanel({ draft, dirty, vulnerabilities }: { draft: AdvisoryDraft; dirty: boolean; vulnerabilities: number }) {
  const publish = usePublishAdvisory(draft.caseId);
  const [summary, setSummary] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const next = draft.published ? Number(draft.published.version) + 1 : 1;
  const label = draft.published ? `Publish revision ${next}` : 'Publish';
  const failing = failingTests(draft.validation).length;
  const unexplained = draft.category === 'csaf_vex' ? draft.notAffected.filter((x) => !x.ready).length : 0;
  const blocker = dirty
    ? 'Save the draft first: publishing uses the saved draft.'
    : vulnerabilities === 0
      ? 'Add a vulnerability to the case first.'
      : failing
        ? `Fix what the CSAF checks name first (${failing} ${failing === 1 ? 'test fails' : 'tests fail'}).`
        : unexplained
          ? `Pick a justification for each “not affected” the vendor gave no reason for (${unexplained} missing).`
          : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (blocker) return;
    setDone(null);
    publish.mutate(
      { revisionSummary: summary.trim() },
      {
        onSuccess: (answer) => {
          setSummary('');
          setDone(`Version ${answer.published?.version ?? next} was published and signed.`);
        },
      },
    );
  };
  return (
    <form className="form advisory-publish" onSubmit={submit} aria-label={label}>
      <h3>{draft.published ? `Revision ${next}` : 'Publish'}</h3>
      <p className="hint">
        {draft.published
          ? 'Publishes the advisory again as it is now — with the case’s current vulnerabilities and statements — as a new revision at the same address.'
          : 'Publishes the advisory as CSAF 2.0 at its canonical URL, signed with the ISAO’s OpenPGP key. It appears in the advisories of the ISAO for the readers its TLP allows.'}
      </p>
      <TextAreaField
        label={draft.published ? 'What changed' : 'Revision note (optional)'}
        name="revisionSummary"
        rows={2}
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
        maxLength={500}
        hint={
          draft.published
            ? 'For the revision history, for example “Fixed version 4.3.1 added”. Empty: “Updated.”'
            : 'Empty: “Initial version.”'
        }
      />
      {done ? <SuccessMessage>{done}</SuccessMessage> : null}
      {publish.error ? <PublishError error={publish.error} /> : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={publish.isPending || blocker !== null}>
          {publish.isPending ? 'Publishing…' : label}
        </button>
        {blocker ? <span className="hint">{blocker}</span> : null}
      </div>
    </form>
  );
}
