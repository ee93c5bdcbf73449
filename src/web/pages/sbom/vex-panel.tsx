// The VEX panel of the current SBOM (the manufacturer only): download the statements in three formats, import a VEX file.
import { ApiError } from '../../api/client.ts';
import { type VexFormat, useExportVex, useImportVex, vexFormatLabels, vexFormatTitles } from '../../api/vex.ts';
import { FileButton } from '../../components/file-button.tsx';
import { ErrorBanner, InvalidFileBanner } from '../../components/messages.tsx';
import { VexImportReport } from './vex-import-result.tsx';

const formats: VexFormat[] = ['cyclonedx', 'openvex', 'csaf'];

function ImportButton({ importVex, onPick }: { importVex: ReturnType<typeof useImportVex>; onPick: () => void }) {
  return (
    <FileButton
      accept=".json,.xml,application/json,application/xml,text/xml"
      busy={importVex.isPending}
      onFile={(file) => {
        onPick();
        importVex.mutate(file);
      }}
    >
      {importVex.isPending ? 'Importing…' : 'Import VEX'}
    </FileButton>
  );
}

/** The refusal of a VEX file, with where in the file. */
function ImportError({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || error.code !== 'vex_invalid')
    return <ErrorBanner title="The VEX file was not imported." error={error} />;
  return <InvalidFileBanner title="The VEX file was not imported: nothing changed." error={error} />;
}

/** Export and import of VEX statements for the SBOM's product version. */
export function VexPanel({ versionId, canImport }: { versionId: string; canImport: boolean }) {
  const exportVex = useExportVex(versionId);
  const importVex = useImportVex(versionId);
  return (
    <section className="panel" aria-labelledby="vex-title">
      <div className="panel-head">
        <h2 id="vex-title">VEX statements</h2>
        <div className="actions vex-actions">
          <span className="vex-export" role="group" aria-label="Export VEX">
            <span className="vex-export-label">Export VEX</span>
            {formats.map((format) => (
              <button
                key={format}
                type="button"
                className="button button-small"
                title={`Download ${vexFormatTitles[format]}`}
                aria-label={`Export VEX as ${vexFormatTitles[format]}`}
                disabled={exportVex.isPending}
                onClick={() => {
                  importVex.reset();
                  exportVex.mutate(format);
                }}
              >
                {vexFormatLabels[format]}
              </button>
            ))}
          </span>
          {canImport ? <ImportButton importVex={importVex} onPick={() => exportVex.reset()} /> : null}
        </div>
      </div>
      <p className="small muted">
        Your decisions on the open findings of this version, one statement per finding, as a file to give your customers (CycloneDX, OpenVEX
        or CSAF). Importing a VEX file (CycloneDX JSON or XML, OpenVEX, CSAF) records its statements on the matching findings, in one step:
        a file with an error changes nothing.
      </p>
      {exportVex.error ? <ErrorBanner title="The VEX was not exported." error={exportVex.error} /> : null}
      {exportVex.data && !exportVex.isPending ? (
        <p className="small" role="status">
          Saved <code>{exportVex.data}</code>.
        </p>
      ) : null}
      {importVex.isPending ? (
        <p className="loading" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          Reading the VEX file…
        </p>
      ) : null}
      {importVex.error ? <ImportError error={importVex.error} /> : null}
      {importVex.data ? <VexImportReport result={importVex.data} /> : null}
    </section>
  );
}
