// The "Upload SBOM" control of one product version: picks a file, PUTs it as the raw body, shows progress and the outcome.
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import type { useUploadSbom } from '../../api/portfolio.ts';
import type { SbomDetail } from '../../api/types.ts';
import { FileButton } from '../../components/file-button.tsx';
import { ErrorBanner, InvalidFileBanner, SuccessMessage } from '../../components/messages.tsx';
import { VerdictBadge } from '../../components/portfolio-badges.tsx';
import { encodingName, formatBytes, formatName } from '../../lib/portfolio-labels.ts';

type Upload = ReturnType<typeof useUploadSbom>;

/** A file input styled as a button; choosing a file uploads it at once. */
export function SbomUploadButton({ upload, version, hasSbom }: { upload: Upload; version: string; hasSbom: boolean }) {
  return (
    <FileButton
      accept=".json,.xml,.spdx,.jsonld,.txt,application/json,application/xml,text/xml,text/plain"
      busy={upload.isPending}
      onFile={(file) => upload.mutate(file)}
    >
      {upload.isPending ? 'Uploading…' : hasSbom ? 'Upload new SBOM' : 'Upload SBOM'}
      <span className="visually-hidden"> for version {version}</span>
    </FileButton>
  );
}

function UploadResult({ sbom }: { sbom: SbomDetail }) {
  return (
    <SuccessMessage>
      <div>
        <strong className="banner-title">
          {sbom.duplicate ? 'This file was uploaded before: nothing changed.' : `SBOM ${sbom.fileName ?? ''} uploaded.`}
        </strong>
        <span>
          {formatName(sbom.format, sbom.specVersion)} ({encodingName(sbom.encoding)}), {sbom.componentCount} components,{' '}
          {formatBytes(sbom.byteSize)}. <VerdictBadge verdict={sbom.quality.verdict} />{' '}
          <Link to={`/sboms/${sbom.id}`}>Open the SBOM and its quality report</Link>
        </span>
        {sbom.warnings.length ? (
          <ul className="banner-details" aria-label="Warnings about the file">
            {sbom.warnings.slice(0, 10).map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
            {sbom.warnings.length > 10 ? <li>… and {sbom.warnings.length - 10} more</li> : null}
          </ul>
        ) : null}
      </div>
    </SuccessMessage>
  );
}

/** The parser's complaint, with where in the file it is (the message already says it; the place is repeated for long messages). */
function InvalidSbom({ error }: { error: ApiError }) {
  return (
    <InvalidFileBanner title="The SBOM was not accepted." error={error}>
      <p className="small banner-details">Fix the file (or export it again from your SBOM tool) and upload it again.</p>
    </InvalidFileBanner>
  );
}

/** Progress while the file is sent, then the result or the server's error (with the place in the file). */
export function SbomUploadStatus({ upload }: { upload: Upload }) {
  if (upload.isPending) {
    const percent = upload.progress === null ? null : Math.round(upload.progress * 100);
    return (
      <div className="upload-progress" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        {percent === null || percent >= 100 ? 'Checking the SBOM…' : `Sending the file… ${percent} %`}
        {percent !== null && percent < 100 ? <progress max={100} value={percent} aria-label="Upload progress" /> : null}
      </div>
    );
  }
  if (upload.error instanceof ApiError && upload.error.code === 'sbom_invalid') return <InvalidSbom error={upload.error} />;
  if (upload.error) return <ErrorBanner title="The SBOM was not uploaded." error={upload.error} />;
  if (upload.data) return <UploadResult sbom={upload.data} />;
  return null;
}
