// The components of one SBOM: server-paged, sorted and searched, optionally only those missing an NTIA element.
import { useState } from 'react';
import { useSbomComponents, type ComponentFilters } from '../../api/portfolio.ts';
import type { ComponentSort, SbomComponent } from '../../api/types.ts';
import { CheckboxField, SelectField, TextField } from '../../components/fields.tsx';
import { Pager } from '../../components/pager.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { elementLabels } from '../../lib/portfolio-labels.ts';
import { useDebounced } from '../../lib/use-debounced.ts';

const PAGE = 50;

function Identifier({ component }: { component: SbomComponent }) {
  if (component.purl) return <code className="ident">{component.purl}</code>;
  if (component.cpe) return <code className="ident">{component.cpe}</code>;
  if (!component.missing.includes('uniqueIdentifier')) return <span className="muted small">hash only</span>;
  return <span className="muted">—</span>;
}

function ComponentRows({ items }: { items: SbomComponent[] }) {
  return (
    <div className="table-wrap">
      <table className="table-dense">
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Version</th>
            <th scope="col">Supplier</th>
            <th scope="col">Identifier</th>
            <th scope="col">Missing NTIA elements</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.position}>
              <td>
                {c.group ? <span className="muted">{c.group} / </span> : null}
                <strong>{c.name || <span className="muted">(no name)</span>}</strong>
                {c.kind ? <span className="muted small"> · {c.kind}</span> : null}
              </td>
              <td>{c.version ?? <span className="muted">—</span>}</td>
              <td>{c.supplier ?? <span className="muted">—</span>}</td>
              <td>
                <Identifier component={c} />
              </td>
              <td>
                {c.missing.length === 0 ? (
                  <span className="muted small">Complete</span>
                ) : (
                  c.missing.map((m) => (
                    <span key={m} className="pill pill-warn pill-tight">
                      {elementLabels[m] ?? m}
                    </span>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The "Components" tab of an SBOM page. */
export function ComponentsSection({ sbomId, componentCount }: { sbomId: string; componentCount: number }) {
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<ComponentSort>('name');
  const [incomplete, setIncomplete] = useState(false);
  const [offset, setOffset] = useState(0);
  const search = useDebounced(q);
  const filters: ComponentFilters = { limit: PAGE, offset, sort, q: search, incomplete };
  const components = useSbomComponents(sbomId, filters);
  const filtered = search.trim() !== '' || incomplete;
  return (
    <section aria-labelledby="components-title" className="stack">
      <h2 id="components-title">Components ({componentCount})</h2>
      <form className="filters" role="search" aria-label="Filter components" onSubmit={(e) => e.preventDefault()}>
        <TextField
          label="Search components"
          type="search"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setOffset(0);
          }}
          placeholder="name, group or purl"
          autoComplete="off"
        />
        <SelectField
          label="Sort by"
          value={sort}
          onChange={(e) => {
            setSort(e.target.value as ComponentSort);
            setOffset(0);
          }}
        >
          <option value="name">Name</option>
          <option value="version">Version</option>
          <option value="supplier">Supplier</option>
        </SelectField>
        <CheckboxField
          label="Only incomplete components"
          checked={incomplete}
          onChange={(e) => {
            setIncomplete(e.target.checked);
            setOffset(0);
          }}
          hint="Components missing a supplier, name, version or unique identifier."
        />
      </form>
      <QueryView query={components} what="components">
        {(page) =>
          page.items.length === 0 ? (
            <p className="empty">
              {filtered
                ? incomplete && !search.trim()
                  ? 'Every component has all NTIA minimum elements.'
                  : 'No components match.'
                : 'This SBOM lists no components.'}
            </p>
          ) : (
            <>
              <ComponentRows items={page.items} />
              <Pager
                offset={offset}
                limit={PAGE}
                total={page.total}
                onOffset={setOffset}
                busy={components.isPlaceholderData}
                what="components"
              />
            </>
          )
        }
      </QueryView>
    </section>
  );
}
