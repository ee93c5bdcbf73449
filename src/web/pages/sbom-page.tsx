// /sboms/:id: one SBOM: metadata, the NTIA quality report, its findings (own organisation only) and its components.
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useProduct, useSbom } from '../api/portfolio.ts';
import type { SbomDetail } from '../api/types.ts';
import { InfoBox } from '../components/messages.tsx';
import { FindingCountsView } from '../components/portfolio-badges.tsx';
import { QueryView } from '../components/query-view.tsx';
import { Tabs, type TabItem } from '../components/tabs.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { ComponentsSection } from './sbom/components-section.tsx';
import { FindingsSection } from './sbom/findings-section.tsx';
import { QualityReport } from './sbom/quality-report.tsx';
import { SbomMetadata } from './sbom/sbom-metadata.tsx';
import { VexPanel } from './sbom/vex-panel.tsx';

type TabKey = 'findings' | 'components';

function SbomView({ sbom }: { sbom: SbomDetail }) {
  const product = useProduct(sbom.productId);
  const version = product.data?.versions.find((v) => v.id === sbom.productVersionId);
  const [params, setParams] = useSearchParams();
  const ownOrg = sbom.findings !== null;
  const tabs: TabItem<TabKey>[] = [
    ...(ownOrg
      ? [
          {
            key: 'findings' as const,
            label: (
              <>
                Findings <span className="tab-count">{sbom.findings?.open ?? 0} open</span>
              </>
            ),
            panel: <FindingsSection sbomId={sbom.id} canDecide={product.data?.canManage ?? false} />,
          },
        ]
      : []),
    {
      key: 'components',
      label: (
        <>
          Components <span className="tab-count">{sbom.componentCount}</span>
        </>
      ),
      panel: <ComponentsSection sbomId={sbom.id} componentCount={sbom.componentCount} />,
    },
  ];
  const wanted = params.get('tab');
  const selected: TabKey = wanted === 'components' || !ownOrg ? 'components' : 'findings';
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/products/${sbom.productId}`}>{product.data ? product.data.name : 'Product'}</Link>
      </p>
      <div className="title-row">
        <h1>
          SBOM{version ? ` of version ${version.version}` : ''}
          {sbom.fileName ? <span className="title-sub"> {sbom.fileName}</span> : null}
        </h1>
        {ownOrg ? <FindingCountsView counts={sbom.findings} /> : null}
      </div>
      {!sbom.isCurrent ? (
        <InfoBox title="An older upload.">A newer SBOM has been uploaded for this version; findings follow the current one.</InfoBox>
      ) : null}
      <div className="grid-2">
        <SbomMetadata sbom={sbom} />
        <QualityReport quality={sbom.quality} />
      </div>
      {ownOrg && sbom.isCurrent ? <VexPanel versionId={sbom.productVersionId} canImport={product.data?.canManage ?? false} /> : null}
      <div className="panel">
        <Tabs label="SBOM contents" tabs={tabs} selected={selected} onSelect={(key) => setParams({ tab: key }, { replace: true })} />
      </div>
    </>
  );
}

/** The SBOM page. */
export function SbomPage() {
  const id = useParams().id ?? '';
  const sbom = useSbom(id);
  usePageTitle(sbom.data?.fileName ? `SBOM ${sbom.data.fileName}` : 'SBOM');
  return (
    <div className="page">
      <QueryView query={sbom} what="the SBOM" notFound="There is no such SBOM, or its product is not shared with your organisation.">
        {(s) => <SbomView sbom={s} />}
      </QueryView>
    </div>
  );
}
