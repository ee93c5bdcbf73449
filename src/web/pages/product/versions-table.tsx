// The versions of a product: dates, current SBOM (format, size, NTIA verdict), open findings and the upload control.
import { Link } from 'react-router-dom';
import { useUploadSbom } from '../../api/portfolio.ts';
import type { Product, ProductVersion } from '../../api/types.ts';
import { TableFrame } from '../../components/data-table.tsx';
import { CalendarDate, FindingCountsView, VerdictBadge } from '../../components/portfolio-badges.tsx';
import { formatName } from '../../lib/portfolio-labels.ts';
import { SbomUploadButton, SbomUploadStatus } from './sbom-upload.tsx';

function SbomCell({ version, canManage }: { version: ProductVersion; canManage: boolean }) {
  const { sbom } = version;
  if (!sbom) return <span className="muted">{canManage ? 'No SBOM yet — upload one' : 'No SBOM yet'}</span>;
  return (
    <div className="sbom-cell">
      <Link to={`/sboms/${sbom.id}`}>{formatName(sbom.format, sbom.specVersion)}</Link>
      <span className="muted small">
        {' '}
        · {sbom.componentCount} component{sbom.componentCount === 1 ? '' : 's'}
      </span>
      <div>
        <VerdictBadge verdict={sbom.verdict} />
      </div>
    </div>
  );
}

interface RowProps {
  version: ProductVersion;
  canManage: boolean;
  showFindings: boolean;
  columns: number;
}

function VersionRows({ version, canManage, showFindings, columns }: RowProps) {
  const upload = useUploadSbom(version.id);
  const showStatus = upload.isPending || upload.error !== null || upload.data !== undefined;
  return (
    <>
      <tr>
        <th scope="row">{version.version}</th>
        <td className="nowrap">
          <CalendarDate value={version.releaseDate} />
        </td>
        <td className="nowrap">
          <CalendarDate value={version.endOfSupport} />
        </td>
        <td>
          <SbomCell version={version} canManage={canManage} />
        </td>
        {showFindings ? <td>{version.sbom ? <FindingCountsView counts={version.findings} /> : <span className="muted">—</span>}</td> : null}
        {canManage ? (
          <td className="cell-actions">
            <SbomUploadButton upload={upload} version={version.version} hasSbom={version.sbom !== null} />
          </td>
        ) : null}
      </tr>
      {showStatus ? (
        <tr className="row-status">
          <td colSpan={columns}>
            <SbomUploadStatus upload={upload} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The versions table of a product page. */
export function VersionsTable({ product }: { product: Product }) {
  const showFindings = product.canManage || product.versions.some((v) => v.findings !== null);
  const headers = ['Version', 'Released', 'End of support', 'SBOM', ...(showFindings ? ['Open findings'] : [])];
  if (product.versions.length === 0) {
    return (
      <p className="empty">
        {product.canManage ? 'No versions yet — add the first one below, then upload its SBOM.' : 'No versions have been listed yet.'}
      </p>
    );
  }
  return (
    <TableFrame headers={headers} actionsLabel={product.canManage ? 'SBOM upload' : undefined}>
      {product.versions.map((version) => (
        <VersionRows
          key={version.id}
          version={version}
          canManage={product.canManage}
          showFindings={showFindings}
          columns={headers.length + (product.canManage ? 1 : 0)}
        />
      ))}
    </TableFrame>
  );
}
