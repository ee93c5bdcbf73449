// /products: the products I may see (mine, members-visible and public ones) and the "New product" form.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useCreateProduct, useProducts } from '../api/portfolio.ts';
import type { ProductListItem } from '../api/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { useCurrentMe } from '../components/me-context.tsx';
import { InfoBox } from '../components/messages.tsx';
import { FindingCountsView, VisibilityBadge } from '../components/portfolio-badges.tsx';
import { ProductForm } from '../components/product-form.tsx';
import { QueryView } from '../components/query-view.tsx';
import { canCreateProducts } from '../lib/portfolio-labels.ts';
import { usePageTitle } from '../lib/use-page-title.ts';

function NewProduct({ onClose }: { onClose: () => void }) {
  const create = useCreateProduct();
  const navigate = useNavigate();
  return (
    <section className="panel" aria-labelledby="new-product-title">
      <div className="panel-head">
        <h2 id="new-product-title">New product</h2>
        <button type="button" className="button button-small" onClick={onClose}>
          Cancel
        </button>
      </div>
      <ProductForm
        submitLabel="Create product"
        pending={create.isPending}
        error={create.error}
        onSubmit={(body) => create.mutate(body, { onSuccess: (product) => void navigate(`/products/${product.id}`) })}
      />
    </section>
  );
}

function ProductsTable({ items, ownOrgId }: { items: ProductListItem[]; ownOrgId: string }) {
  return (
    <DataTable
      items={items}
      headers={['Product', 'Model', 'UDI-DI', 'Owner', 'Visibility', 'Versions', 'Open findings']}
      rowKey={(p) => p.id}
      empty="No products yet."
      row={(p) => (
        <>
          <td>
            <Link to={`/products/${p.id}`} className="cell-title">
              {p.name}
            </Link>
          </td>
          <td>{p.model ?? <span className="muted">—</span>}</td>
          <td>{p.udiDi ? <code>{p.udiDi}</code> : <span className="muted">—</span>}</td>
          <td>
            {p.owner.orgName}
            {p.owner.orgId === ownOrgId ? <span className="pill">Mine</span> : null}
          </td>
          <td>
            <VisibilityBadge visibility={p.visibility} />
          </td>
          <td>{p.versionCount}</td>
          <td>
            <FindingCountsView counts={p.findings} compact />
          </td>
        </>
      )}
    />
  );
}

/** The products page. */
export function ProductsPage() {
  usePageTitle('Products');
  const me = useCurrentMe();
  const products = useProducts();
  const mayCreate = canCreateProducts(me);
  const [creating, setCreating] = useState(false);
  return (
    <div className="page">
      <div className="title-row">
        <h1>Products</h1>
        {mayCreate && !creating ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New product
          </button>
        ) : null}
      </div>
      <p className="lead">
        Medical devices and their software bills of materials (SBOMs). Manufacturers list their products here; members see the products that
        are shared with them.
      </p>
      {creating ? <NewProduct onClose={() => setCreating(false)} /> : null}
      <section className="panel" aria-labelledby="products-title">
        <h2 id="products-title">Products you can see</h2>
        <QueryView query={products} what="products">
          {(data) =>
            data.items.length === 0 ? (
              <p className="empty">
                {mayCreate ? 'No products yet — create the first one with “New product”.' : 'No products are shared with you yet.'}
              </p>
            ) : (
              <ProductsTable items={data.items} ownOrgId={me.organisation.id} />
            )
          }
        </QueryView>
      </section>
      {!mayCreate && me.organisation.kind === 'manufacturer' ? (
        <InfoBox title="Read-only access.">Your role lets you see products but not add or change them.</InfoBox>
      ) : null}
    </div>
  );
}
