// A report's files: name, size, SHA-256, who added them, a download, and "Add a file" with its progress.
import { useState } from 'react';
import { MAX_REPORT_FILES, type ReportAttachment } from '../../api/reports.ts';
import { DateTime } from '../../components/date-time.tsx';
import { FileButton } from '../../components/file-button.tsx';
import { ErrorBanner } from '../../components/messages.tsx';
import { formatBytes } from './report-form-model.ts';

export function FilesPanel({
  attachments,
  viewer,
  canAdd,
  closedNote,
  upload,
  download,
}: {
  attachments: ReportAttachment[];
  viewer: 'reporter' | 'coordinator';
  canAdd: boolean;
  /** Why files cannot be added (shown instead of the button). */
  closedNote?: string;
  /** Sends one file, reporting progress (0..1). */
  upload: (file: File, onProgress: (fraction: number) => void) => Promise<unknown>;
  /** A link (coordinators) or a function (reporters: fetched through the token). */
  download: { href: (file: ReportAttachment) => string } | { run: (file: ReportAttachment) => Promise<void> };
}) {
  const [sending, setSending] = useState<{ name: string; progress: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const full = attachments.length >= MAX_REPORT_FILES;
  const add = async (file: File) => {
    setError(null);
    setDone(null);
    setSending({ name: file.name, progress: 0 });
    try {
      await upload(file, (progress) => setSending({ name: file.name, progress }));
      setDone(`${file.name} was added.`);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(null);
    }
  };
  const by = (file: ReportAttachment) =>
    file.uploadedBy === 'reporter' ? (viewer === 'reporter' ? 'you' : 'the reporter') : 'an ISAO coordinator';
  return (
    <section className="panel" aria-labelledby="files-title">
      <div className="panel-head">
        <h2 id="files-title">Files</h2>
        {canAdd && !full ? (
          <FileButton accept="" busy={sending !== null} onFile={(file) => void add(file)}>
            {sending ? 'Sending…' : 'Add a file'}
          </FileButton>
        ) : null}
      </div>
      {sending ? (
        <p className="upload-progress" role="status">
          <span>Sending {sending.name}…</span>
          <progress max={1} value={sending.progress} aria-label={`Sending ${sending.name}`} />
        </p>
      ) : null}
      {done ? (
        <p className="small" role="status">
          {done}
        </p>
      ) : null}
      <ErrorBanner title="The file was not added." error={error} />
      {attachments.length === 0 ? (
        <p className="empty">No files yet.</p>
      ) : (
        <ul className="report-files">
          {attachments.map((file) => (
            <li key={file.id}>
              <div className="report-file-head">
                <span className="file-name">{file.fileName}</span>
                <span className="muted small">{formatBytes(file.byteSize)}</span>
                {'href' in download ? (
                  <a className="button button-small" href={download.href(file)} download={file.fileName}>
                    Download
                  </a>
                ) : (
                  <button type="button" className="button button-small" onClick={() => void download.run(file).catch(setError)}>
                    Download
                  </button>
                )}
              </div>
              <div className="small muted">
                Added by {by(file)}, <DateTime value={file.createdAt} />
              </div>
              <div className="small">
                <span className="muted">SHA-256 </span>
                <code className="hash">{file.sha256}</code>
              </div>
            </li>
          ))}
        </ul>
      )}
      {canAdd ? (
        <p className="hint">
          {full
            ? `This report has the most files it may carry (${MAX_REPORT_FILES}).`
            : `At most 10 MB per file and ${MAX_REPORT_FILES} files per report. Files are never opened in the browser.`}
        </p>
      ) : closedNote ? (
        <p className="hint">{closedNote}</p>
      ) : null}
    </section>
  );
}
