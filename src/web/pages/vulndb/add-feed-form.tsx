// The "Add a feed" form of the scheduled feeds panel (platform admins), with well-known feeds to fill in.
import { useId, useState, type FormEvent } from 'react';
import { type FeedKind, useCreateFeed } from '../../api/feeds.ts';
import { CheckboxField, SelectField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { FeedTextField, IntervalField } from './feed-fields.tsx';
import { type IntervalUnit, feedKindLabels, fieldErrors, intervalWords, unitMinutes } from './feed-format.ts';

/** Well-known public feeds, offered as examples that fill in the form. */
const examples: { label: string; name: string; kind: FeedKind; url: string; every: string; unit: IntervalUnit }[] = [
  {
    label: 'CISA KEV',
    name: 'CISA Known Exploited Vulnerabilities',
    kind: 'vulndb',
    url: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
    every: '6',
    unit: 'hours',
  },
  {
    label: 'EPSS',
    name: 'EPSS scores',
    kind: 'vulndb',
    url: 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz',
    every: '1',
    unit: 'days',
  },
  {
    label: 'OSV PyPI',
    name: 'OSV PyPI advisories',
    kind: 'vulndb',
    url: 'https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip',
    every: '1',
    unit: 'days',
  },
];

/** Adds a feed; it is fetched for the first time within a minute (or at once with "Fetch now"). */
export function AddFeedForm() {
  const create = useCreateFeed();
  const titleId = useId();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<FeedKind>('vulndb');
  const [url, setUrl] = useState('');
  const [every, setEvery] = useState('6');
  const [unit, setUnit] = useState<IntervalUnit>('hours');
  const [enabled, setEnabled] = useState(true);
  const errors = fieldErrors(create.error);
  const hasFieldErrors = Object.keys(errors).length > 0;

  const fill = (example: (typeof examples)[number]) => {
    setName(example.name);
    setKind(example.kind);
    setUrl(example.url);
    setEvery(example.every);
    setUnit(example.unit);
    create.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const intervalMinutes = Math.round(Number(every) * unitMinutes(unit));
    create.mutate(
      { name: name.trim(), kind, url: url.trim(), intervalMinutes, enabled },
      {
        onSuccess: () => {
          setName('');
          setUrl('');
        },
      },
    );
  };

  return (
    <section className="feed-add" aria-labelledby={titleId}>
      <h3 id={titleId}>Add a feed</h3>
      {create.data ? (
        <SuccessMessage>
          {create.data.name} was added: it is fetched {intervalWords(create.data.intervalMinutes)}
          {create.data.enabled ? ', starting at the server’s next check for due feeds. “Fetch now” does not wait.' : ' once it is enabled.'}
        </SuccessMessage>
      ) : null}
      <form className="form" onSubmit={submit}>
        <div className="field-row">
          <FeedTextField label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
          <SelectField label="Brings" value={kind} onChange={(e) => setKind(e.target.value as FeedKind)}>
            <option value="vulndb">Vulnerability data (OSV, CVE 5, NVD, KEV, EPSS)</option>
            <option value="csaf">One CSAF advisory</option>
          </SelectField>
        </div>
        <FeedTextField
          label="URL"
          type="url"
          required
          maxLength={2000}
          placeholder="https://"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={errors.url}
          hint={
            <>
              <p className="feed-hint-line">
                An https://, http:// or file:// address of one file: an OSV record or all.zip archive, CVE JSON 5, an NVD API answer, the
                KEV catalog JSON or the EPSS CSV (gzip is inflated), or — for {feedKindLabels.csaf} feeds — one CSAF JSON file. The server
                asks again only when it changed (ETag, Last-Modified). For example:
              </p>
              <ul className="feed-examples">
                {examples.map((example) => (
                  <li key={example.label}>
                    <button type="button" className="button-link" onClick={() => fill(example)} aria-label={`Fill in ${example.label}`}>
                      {example.label}
                    </button>{' '}
                    <code>{example.url}</code>
                  </li>
                ))}
              </ul>
            </>
          }
        />
        <IntervalField value={every} unit={unit} onValue={setEvery} onUnit={setUnit} error={errors.intervalMinutes} />
        <CheckboxField
          label="Enabled"
          hint="A disabled feed is not fetched on schedule; “Fetch now” still works."
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
        />
        {hasFieldErrors ? (
          <p className="hint text-danger" role="alert">
            The feed was not added: see the messages next to the fields.
          </p>
        ) : (
          <ErrorBanner title="The feed was not added." error={create.error} />
        )}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Add feed
          </button>
        </div>
      </form>
    </section>
  );
}
