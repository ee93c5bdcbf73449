// The metadata of one SBOM: file, format, spec, uploaded, authors, document timestamp, SHA-256 and parser warnings.
import type { SbomDetail } from '../../api/types.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { encodingName, formatBytes, formatName } from '../../lib/portfolio-labels.ts';

function isDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(new Date(value).getTime());
}

/** The "About this SBOM" panel. */
export function SbomMetadata({ sbom }: { sbom: SbomDetail }) {
  return (
    <section className="panel" aria-labelledby="sbom-meta-title">
      <h2 id="sbom-meta-title">About this SBOM</h2>
      <dl className="details">
        <dt>File</dt>
        <dd>
          {sbom.fileName ?? <span className="muted">(no name)</span>} <span className="muted small">({formatBytes(sbom.byteSize)})</span>
        </dd>
        <dt>Format</dt>
        <dd>
          {formatName(sbom.format, sbom.specVersion)} <span className="muted small">({encodingName(sbom.encoding)})</span>
        </dd>
        {sbom.name ? (
          <>
            <dt>Document name</dt>
            <dd>{sbom.name}</dd>
          </>
        ) : null}
        {sbom.documentId ? (
          <>
            <dt>Document id</dt>
            <dd>
              <code>{sbom.documentId}</code>
            </dd>
          </>
        ) : null}
        <dt>Uploaded</dt>
        <dd>
          <DateTime value={sbom.uploadedAt} />
          {sbom.isCurrent ? null : <span className="pill pill-off">Replaced by a newer upload</span>}
        </dd>
        <dt>Authors</dt>
        <dd>{sbom.authors.length ? sbom.authors.join(', ') : <span className="muted">None named</span>}</dd>
        <dt>Created (per the file)</dt>
        <dd>
          {sbom.timestamp === null ? (
            <span className="muted">No timestamp</span>
          ) : isDateTime(sbom.timestamp) ? (
            <DateTime value={sbom.timestamp} />
          ) : (
            <code>{sbom.timestamp}</code>
          )}
        </dd>
        <dt>SHA-256</dt>
        <dd className="hash-line">
          <code className="hash">{sbom.sha256}</code> <CopyButton text={sbom.sha256} label="Copy hash" />
        </dd>
      </dl>
      {sbom.warnings.length ? (
        <details>
          <summary>
            {sbom.warnings.length} warning{sbom.warnings.length === 1 ? '' : 's'} while reading the file
          </summary>
          <ul className="plain-list small">
            {sbom.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
