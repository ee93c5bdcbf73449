// Files on the report form: picked before sending (checked against the limits), then sent one after the other to the
// new report's tracking link, each with its progress.
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { errorMessage } from '../../api/client.ts';
import { MAX_REPORT_FILES, fileProblem, uploadTrackingFile } from '../../api/reports.ts';
import { formatBytes } from './report-form-model.ts';

/** Picks files for the report (several at once, at most ten); refused files are named with the reason. */
export function FilePicker({ files, onChange, disabled }: { files: File[]; onChange: (files: File[]) => void; disabled: boolean }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [refused, setRefused] = useState<string[]>([]);
  const add = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = [...(event.target.files ?? [])];
    if (input.current) input.current.value = '';
    const problems: string[] = [];
    const next = [...files];
    for (const file of picked) {
      const problem = fileProblem(file);
      if (problem) problems.push(problem);
      else if (next.length >= MAX_REPORT_FILES)
        problems.push(`${file.name} was left out: a report may carry at most ${MAX_REPORT_FILES} files.`);
      else if (!next.some((f) => f.name === file.name && f.size === file.size)) next.push(file);
    }
    setRefused(problems);
    onChange(next);
  };
  return (
    <fieldset>
      <legend>Files (optional)</legend>
      <p className="hint">
        Proof of concept, logs, screenshots or a packet capture: up to {MAX_REPORT_FILES} files of at most 10 MB each. They are stored with
        their SHA-256 and only ever offered as downloads. You can add more later on the tracking page.
      </p>
      {files.length ? (
        <ul className="file-list" aria-label="Files to send">
          {files.map((file, i) => (
            <li key={`${file.name}-${file.size}-${i}`}>
              <span className="file-name">{file.name}</span>
              <span className="muted small">{formatBytes(file.size)}</span>
              <button
                type="button"
                className="button button-small"
                disabled={disabled}
                aria-label={`Remove ${file.name}`}
                onClick={() => onChange(files.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {refused.length ? (
        <ul className="report-field-error plain-list" role="alert">
          {refused.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <span className="file-button">
        <input
          ref={input}
          id={id}
          type="file"
          multiple
          className="visually-hidden"
          onChange={add}
          disabled={disabled || files.length >= MAX_REPORT_FILES}
        />
        <label htmlFor={id} className={`button button-small${disabled || files.length >= MAX_REPORT_FILES ? ' is-disabled' : ''}`}>
          {files.length ? 'Add more files' : 'Add files'}
        </label>
      </span>
    </fieldset>
  );
}

/** One file being sent after the report was received. */
export interface UploadItem {
  name: string;
  size: number;
  status: 'waiting' | 'sending' | 'done' | 'failed';
  progress: number;
  error?: string;
}

/** Sends the files one after the other to the tracking link; `items` follows each file. */
export function useFileUploads() {
  const [items, setItems] = useState<UploadItem[]>([]);
  const [running, setRunning] = useState(false);
  const run = async (token: string, files: File[]) => {
    setItems(files.map((f) => ({ name: f.name, size: f.size, status: 'waiting', progress: 0 })));
    const update = (i: number, patch: Partial<UploadItem>) =>
      setItems((list) => list.map((item, j) => (j === i ? { ...item, ...patch } : item)));
    setRunning(true);
    for (const [i, file] of files.entries()) {
      update(i, { status: 'sending', progress: 0 });
      try {
        await uploadTrackingFile(token, file, (progress) => update(i, { progress }));
        update(i, { status: 'done', progress: 1 });
      } catch (error) {
        update(i, { status: 'failed', error: errorMessage(error) });
      }
    }
    setRunning(false);
  };
  return { items, running, run };
}

/** The progress of the files sent after the report. */
export function UploadList({ items }: { items: UploadItem[] }) {
  if (items.length === 0) return null;
  const done = items.filter((i) => i.status === 'done').length;
  const failed = items.filter((i) => i.status === 'failed').length;
  const finished = done + failed === items.length;
  return (
    <section className="panel" aria-labelledby="uploads-title">
      <h2 id="uploads-title">Your files</h2>
      <p role="status">
        {finished
          ? failed
            ? `${done} of ${items.length} files sent. Add the others on the tracking page.`
            : `${done} of ${items.length} ${items.length === 1 ? 'file' : 'files'} sent.`
          : `Sending your files: ${done} of ${items.length} sent… Keep this page open.`}
      </p>
      <ul className="file-list" aria-label="Files sent with the report">
        {items.map((item, i) => (
          <li key={`${item.name}-${i}`}>
            <span className="file-name">{item.name}</span>
            <span className="muted small">{formatBytes(item.size)}</span>
            {item.status === 'sending' ? (
              <progress max={1} value={item.progress} aria-label={`Sending ${item.name}`} />
            ) : item.status === 'done' ? (
              <span className="pill pill-ok">Sent</span>
            ) : item.status === 'failed' ? (
              <span className="text-danger small">Not sent: {item.error}</span>
            ) : (
              <span className="muted small">Waiting</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
