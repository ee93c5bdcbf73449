// /products/:id: one product: details and visibility, its versions with SBOMs and findings, the advisories that may concern it,
// adding versions, uploading SBOMs, comparing SBOMs.
import { Link, useParams } from 'react-router-dom';
import { useProduct } from '../api/portfolio.ts';
import type { Product } from '../api/types.ts';
import { DateTime } from '../components/date-time.tsx';
import { InfoBox } from '../components/messages.tsx';
import { VisibilityBadge } from '../components/portfolio-badges.tsx';
import { QueryView } from '../components/query-view.tsx';
import { visibilityLabels } from '../lib/portfolio-labels.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { AddVersionForm } from './product/add-version-form.tsx';
import { AdvisoriesPanel } from './product/advisories-panel.tsx';
import { CompareSboms } from './product/compare-sboms.tsx';
import { ProductSettings } from './product/product-settings.tsx';
import { VersionsTable } from './product/versions-table.tsx';

function sumOpen(product: Product) {
  const counted = product.versions.filter((v) => v.findings !== null);
  if (counted.length === 0) return null;
  return counted.reduce((sum, v) => sum + (v.findings?.open ?? 0), 0);
}

function ProductHeader({ product }: { product: Product }) {
  const open = sumOpen(product);
  return (
    <>
      <div className="title-row">
        <h1>{product.name}</h1>
        <VisibilityBadge visibility={product.visibility} />
      </div>
      {product.description ? <p className="lead prewrap">{product.description}</p> : null}
      <section className="panel" aria-labelledby="product-details-title">
        <h2 id="product-details-title" className="visually-hidden">
          Product details
        </h2>
        <dl className="details">
          <dt>Manufacturer</dt>
          <dd>{product.owner.orgName}</dd>
          <dt>Model</dt>
          <dd>{product.model ?? <span className="muted">—</span>}</dd>
          <dt>UDI-DI</dt>
          <dd>{product.udiDi ? <code>{product.udiDi}</code> : <span className="muted">—</span>}</dd>
          <dt>Visible to</dt>
          <dd>
            {visibilityLabels[product.visibility].label}{' '}
            <span className="muted small">— {visibilityLabels[product.visibility].explanation}</span>
          </dd>
          <dt>Listed</dt>
          <dd>
            <DateTime value={product.createdAt} />
          </dd>
          {open !== null ? (
            <>
              <dt>Open findings</dt>
              <dd>{open === 0 ? 'None' : `${open} across all versions`}</dd>
            </>
          ) : null}
        </dl>
      </section>
    </>
  );
}

function ProductView({ product }: { product: Product }) {
  const hasFindings = product.versions.some((v) => v.findings !== null);
  return (
    <>
      <ProductHeader product={product} />
      <section className="panel" aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        {hasFindings ? (
          <p className="hint">
            Findings are matched from the loaded vulnerability data and are visible only to your organisation. Open an SBOM to review them
            and record VEX decisions.
          </p>
        ) : null}
        <VersionsTable product={product} />
      </section>
      <AdvisoriesPanel product={product} />
      <CompareSboms product={product} />
      {product.canManage ? <AddVersionForm productId={product.id} /> : null}
      {product.canManage ? <ProductSettings product={product} /> : null}
      {!product.canManage && hasFindings ? (
        <InfoBox title="Read-only access.">Your role lets you see this product and its findings but not change them.</InfoBox>
      ) : null}
    </>
  );
}

/** The product page. */
export function ProductPage() {
  const id = useParams().id ?? '';
  const product = useProduct(id);
  usePageTitle(product.data?.name ?? 'Product');
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/products">Products</Link>
      </p>
      <QueryView
        query={product}
        what="the product"
        notFound="There is no such product, or it is not shared with your organisation. Manufacturers choose who sees each product."
      >
        {(p) => <ProductView product={p} />}
      </QueryView>
    </div>
  );
}
