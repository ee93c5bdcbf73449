// The products an advisory names: vendor, product, version text, and their status for each vulnerability, in words.
import type { AdvisoryDetail, AdvisoryProduct } from '../../api/advisories.ts';
import { TableFrame } from '../../components/data-table.tsx';
import { productStatusLabel, sortStatuses } from './advisory-labels.ts';
import { vulnerabilityName } from './vulnerabilities-section.tsx';

interface StatusLine {
  vulnerability: string;
  statuses: string[];
}

/** For each product id: the statuses each vulnerability gives it. */
function statusLines(advisory: AdvisoryDetail): Map<string, StatusLine[]> {
  const lines = new Map<string, StatusLine[]>();
  advisory.vulnerabilities.forEach((v, index) => {
    const byProduct = new Map<string, string[]>();
    for (const [status, ids] of Object.entries(v.productStatus))
      for (const id of ids) byProduct.set(id, [...(byProduct.get(id) ?? []), status]);
    for (const [id, statuses] of byProduct) {
      const list = lines.get(id) ?? [];
      list.push({ vulnerability: vulnerabilityName(v, index), statuses: sortStatuses(statuses) });
      lines.set(id, list);
    }
  });
  return lines;
}

function Pills({ statuses }: { statuses: string[] }) {
  return (
    <>
      {statuses.map((s) => {
        const label = productStatusLabel(s);
        return (
          <span key={s} className={`pill pill-tight ${label.tone}`}>
            {label.label}
          </span>
        );
      })}
    </>
  );
}

function StatusCell({ lines, total }: { lines: StatusLine[] | undefined; total: number }) {
  if (!lines || lines.length === 0) return <span className="muted small">Not named by any vulnerability</span>;
  const first = lines[0]!.statuses.join('|');
  if (lines.length === total && lines.every((l) => l.statuses.join('|') === first)) {
    return (
      <>
        <Pills statuses={lines[0]!.statuses} />
        <span className="muted small">{total === 1 ? `by ${lines[0]!.vulnerability}` : `by all ${total} vulnerabilities`}</span>
      </>
    );
  }
  return (
    <ul className="plain-list status-lines">
      {lines.map((l) => (
        <li key={l.vulnerability}>
          <code className="small">{l.vulnerability}</code> <Pills statuses={l.statuses} />
        </li>
      ))}
    </ul>
  );
}

function ProductCells({ product, mine }: { product: AdvisoryProduct; mine: boolean }) {
  return (
    <>
      <td>{product.vendor ?? <span className="muted">—</span>}</td>
      <td className="cell-wrap">
        <strong>{product.productName ?? product.name}</strong>
        {mine ? (
          <span
            className="pill pill-warn"
            title="It may be one of your organisation’s products: see “Your product versions this may concern”."
          >
            May be yours
          </span>
        ) : null}
        {product.productName && product.name !== product.productName ? <div className="muted small">{product.name}</div> : null}
        {product.cpe ? <code className="ident small">{product.cpe}</code> : null}
        {product.purl ? <code className="ident small">{product.purl}</code> : null}
      </td>
      <td className="cell-wrap">{product.version ?? <span className="muted">—</span>}</td>
    </>
  );
}

/** The "Products" panel. */
export function ProductsSection({ advisory }: { advisory: AdvisoryDetail }) {
  const lines = statusLines(advisory);
  const mine = new Set(advisory.myMatches.flatMap((m) => m.csafProducts.map((p) => p.productId)));
  const total = advisory.vulnerabilities.length;
  return (
    <section className="panel" aria-labelledby="products-title">
      <h2 id="products-title">
        Products <span className="tab-count">{advisory.productTree.length}</span>
      </h2>
      {advisory.productTree.length === 0 ? (
        <p className="empty">This advisory names no products.</p>
      ) : (
        <TableFrame headers={['Vendor', 'Product', 'Versions', 'Status']} className="advisory-products">
          {advisory.productTree.map((p) => (
            <tr key={p.productId} className={mine.has(p.productId) ? 'row-current' : undefined}>
              <ProductCells product={p} mine={mine.has(p.productId)} />
              <td>
                <StatusCell lines={lines.get(p.productId)} total={total} />
              </td>
            </tr>
          ))}
        </TableFrame>
      )}
    </section>
  );
}
