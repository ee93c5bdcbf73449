// The components of one SBOM: server-paged, sorted and searched, optionally only those missing an NTIA element.
import { useState } from 'react';
import { useSbomComponents, type ComponentFilters } from '../../api/portfolio.ts';
import type { ComponentSort, SbomComponent } from '../../api/types.ts';
import { TableFrame } from '../../components/data-table.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/fields.tsx';
import { PagedQueryView } from '../../components/pager.tsx';
import { elementLabels } from '../../lib/portfolio-labels.ts';
import { useDebounced } from '../../lib/use-debounced.ts';

const PAGE = 50;

function Identifier({ component }: { component: SbomComponent }) {
  if (component.purl) return <code className="ident">{component.purl}</code>;
  if (component.cpe) return <code className="ident">{component.cpe}</code>;
  if (!component.missing.includes('uniqueIdentifier')) return <span className="muted small">hash only</span>;
  return <span className="muted">—</span>;
}

const headers = ['Component', 'Version', 'Supplier', 'Identifier', 'Missing NTIA elements'];

function ComponentRows({ items }: { items: SbomComponent[] }) {
  return (
    <TableFrame className="table-dense" headers={headers}>
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
    </TableFrame>
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
  /** Changes a filter and goes back to the first page. */
  const setFilter = <V,>(set: (value: V) => void, value: V) => {
    set(value);
    setOffset(0);
  };
  return (
    <section aria-labelledby="components-title" className="stack">
      <h2 id="components-title">Components ({componentCount})</h2>
      <form className="filters" role="search" aria-label="Filter components" onSubmit={(e) => e.preventDefault()}>
        <TextField
          label="Search components"
          type="search"
          value={q}
          onChange={(e) => setFilter(setQ, e.target.value)}
          placeholder="name, group or purl"
          autoComplete="off"
        />
        <SelectField label="Sort by" value={sort} onChange={(e) => setFilter(setSort, e.target.value as ComponentSort)}>
          <option value="name">Name</option>
          <option value="version">Version</option>
          <option value="supplier">Supplier</option>
        </SelectField>
        <CheckboxField
          label="Only incomplete components"
          checked={incomplete}
          onChange={(e) => setFilter(setIncomplete, e.target.checked)}
          hint="Components missing a supplier, name, version or unique identifier."
        />
      </form>
      <PagedQueryView
        query={components}
        what="components"
        offset={offset}
        limit={PAGE}
        onOffset={setOffset}
        empty={
          filtered
            ? incomplete && !search.trim()
              ? 'Every component has all NTIA minimum elements.'
              : 'No components match.'
            : 'This SBOM lists no components.'
        }
      >
        {(items) => <ComponentRows items={items} />}
      </PagedQueryView>
    </section>
  );
}
