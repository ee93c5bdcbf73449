// "Import CSAF" (ISAO staff): one or several CSAF JSON files, sent one after the other as raw bodies, each with its outcome:
// added, newer revision, unchanged, older revision kept in the history, or refused with the failing validator tests.
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { Link } from 'react-router-dom';
import { type AdvisoryImportResult, importCsafFile, useRefreshAdvisories } from '../../api/advisories.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { TableFrame } from '../../components/data-table.tsx';
import { importOutcomeLabels } from './advisory-labels.ts';

/** One picked file and where its import stands. */
interface ImportItem {
  key: string;
  name: string;
  status: 'waiting' | 'sending' | 'done' | 'failed';
  progress: number | null;
  result?: AdvisoryImportResult;
  error?: unknown;
}

/** The files of the last pick and a function that imports files one after the other. */
export function useCsafImport() {
  const refresh = useRefreshAdvisories();
  const [items, setItems] = useState<ImportItem[]>([]);
  const [running, setRunning] = useState(false);
  const run = async (files: File[]) => {
    const stamp = Date.now();
    const batch: ImportItem[] = files.map((file, i) => ({ key: `${stamp}-${i}`, name: file.name, status: 'waiting', progress: null }));
    const update = (key: string, patch: Partial<ImportItem>) =>
      setItems((list) => list.map((item) => (item.key === key ? { ...item, ...patch } : item)));
    setItems(batch);
    setRunning(true);
    for (const [i, file] of files.entries()) {
      const key = batch[i]!.key;
      update(key, { status: 'sending', progress: 0 });
      try {
        const result = await importCsafFile(file, (progress) => update(key, { progress }));
        update(key, { status: 'done', result });
      } catch (error) {
        update(key, { status: 'failed', error });
      }
    }
    setRunning(false);
    refresh();
  };
  return { items, running, run, clear: () => setItems([]) };
}

type CsafImport = ReturnType<typeof useCsafImport>;

/** The "Import CSAF" button: a file input (several .json files) styled as a button. */
export function CsafImportButton({ csafImport }: { csafImport: CsafImport }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    if (input.current) input.current.value = '';
    if (files.length > 0) void csafImport.run(files);
  };
  return (
    <span className="file-button">
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        className="visually-hidden"
        accept=".json,application/json"
        onChange={onChange}
        disabled={csafImport.running}
      />
      <label htmlFor={id} className={`button button-primary${csafImport.running ? ' is-disabled' : ''}`}>
        {csafImport.running ? 'Importing…' : 'Import CSAF'}
      </label>
    </span>
  );
}

interface CsafErrorDetails {
  tests: string[];
  errors: { test: string; instancePath: string; message: string }[];
}

function csafDetails(error: unknown): CsafErrorDetails | null {
  if (!(error instanceof ApiError) || error.code !== 'csaf_invalid' || !error.details) return null;
  const tests = Array.isArray(error.details['tests']) ? error.details['tests'].filter((t): t is string => typeof t === 'string') : [];
  const errors = Array.isArray(error.details['errors']) ? (error.details['errors'] as CsafErrorDetails['errors']) : [];
  return { tests, errors };
}

const SHOWN_ERRORS = 3;

function Refusal({ error }: { error: unknown }) {
  const details = csafDetails(error);
  return (
    <div className="import-refusal">
      <span>{errorMessage(error)}</span>
      {details && details.tests.length ? (
        <p className="small">
          Failing {details.tests.length === 1 ? 'test' : 'tests'}:{' '}
          {details.tests.map((test, i) => (
            <span key={test}>
              {i > 0 ? ', ' : null}
              <code>{test}</code>
            </span>
          ))}
        </p>
      ) : null}
      {details && details.errors.length ? (
        <ul className="plain-list small" aria-label="First problems">
          {details.errors.slice(0, SHOWN_ERRORS).map((e, i) => (
            <li key={i}>
              <code>{e.instancePath || '/'}</code> {e.message} <span className="muted">({e.test})</span>
            </li>
          ))}
          {details.errors.length > SHOWN_ERRORS ? <li className="muted">… and {details.errors.length - SHOWN_ERRORS} more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

function OutcomeCell({ item }: { item: ImportItem }) {
  if (item.status === 'waiting') return <span className="muted">Waiting</span>;
  if (item.status === 'sending') {
    const percent = item.progress === null ? null : Math.round(item.progress * 100);
    return (
      <span className="upload-progress" role="status">
        <span className="spinner" aria-hidden="true" />
        {percent === null || percent >= 100 ? 'Checking…' : `Sending… ${percent} %`}
      </span>
    );
  }
  if (item.status === 'failed') {
    const refused = item.error instanceof ApiError && item.error.code === 'csaf_invalid';
    return <span className="pill pill-tight pill-bad">{refused ? 'Refused' : 'Not imported'}</span>;
  }
  const outcome = importOutcomeLabels[item.result!.outcome];
  return <span className={`pill pill-tight ${outcome.tone}`}>{outcome.label}</span>;
}

function ResultCell({ result }: { result: AdvisoryImportResult }) {
  const outcome = importOutcomeLabels[result.outcome];
  return (
    <>
      <Link to={`/advisories/${result.id}`} className="cell-title">
        {result.title}
      </Link>
      <div className="muted small">
        <code className="tracking-id">{result.trackingId}</code> · {result.publisher} · version {result.version}
      </div>
      <p className="small import-note">
        {outcome.explanation}
        {result.possibleMatches > 0
          ? ` It may concern ${result.possibleMatches} registered product version${result.possibleMatches === 1 ? '' : 's'}: their manufacturers see it.`
          : ''}
        {result.warnings > 0 ? (
          <span className="muted">
            {' '}
            {result.warnings} optional-test warning{result.warnings === 1 ? '' : 's'} (accepted).
          </span>
        ) : null}
      </p>
    </>
  );
}

/** The outcome of each file of the last import. */
export function CsafImportReport({ csafImport }: { csafImport: CsafImport }) {
  const { items, running } = csafImport;
  if (items.length === 0) return null;
  const done = items.filter((i) => i.status === 'done' || i.status === 'failed').length;
  return (
    <section className="panel" aria-labelledby="import-title">
      <div className="panel-head">
        <h2 id="import-title">
          Import
          <span className="title-note" role="status" aria-live="polite">
            {running ? `${done} of ${items.length} files done…` : `${items.length} file${items.length === 1 ? '' : 's'} done.`}
          </span>
        </h2>
        {!running ? (
          <button type="button" className="button button-small" onClick={csafImport.clear}>
            Close
          </button>
        ) : null}
      </div>
      <TableFrame headers={['File', 'Outcome', 'Advisory']} className="import-table">
        {items.map((item) => (
          <tr key={item.key}>
            <td className="cell-wrap">
              <code>{item.name}</code>
            </td>
            <td className="nowrap">
              <OutcomeCell item={item} />
            </td>
            <td>{item.result ? <ResultCell result={item.result} /> : item.status === 'failed' ? <Refusal error={item.error} /> : null}</td>
          </tr>
        ))}
      </TableFrame>
    </section>
  );
}
