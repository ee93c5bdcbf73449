// /sboms/:id/diff/:otherId: what changed from one SBOM to another (usually two versions of a product): added, removed, changed.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { DiffChange, DiffComponent, SbomDiff } from '../api/insight-types.ts';
import { useSbomDiff } from '../api/insights.ts';
import { useProduct, useSbom } from '../api/portfolio.ts';
import type { SbomDetail } from '../api/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { TextField } from '../components/fields.tsx';
import { InfoBox } from '../components/messages.tsx';
import { QueryView } from '../components/query-view.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

/** How one side of the comparison is named: its version label (and product, when the two differ). */
interface Side {
  sbom: SbomDetail;
  productName: string | null;
  version: string | null;
}

function useSide(sbom: SbomDetail): Side {
  const product = useProduct(sbom.productId);
  const version = product.data?.versions.find((v) => v.id === sbom.productVersionId)?.version ?? null;
  return { sbom, productName: product.data?.name ?? null, version };
}

function sideLabel(side: Side, withProduct: boolean): string {
  const version = side.version ?? side.sbom.fileName ?? 'this SBOM';
  return withProduct && side.productName ? `${side.productName} ${version}` : version;
}

function PackageName({ name, group }: { name: string; group: string | null }) {
  return (
    <>
      <strong>{name || <span className="muted">(no name)</span>}</strong>
      {group ? <div className="muted small">{group}</div> : null}
    </>
  );
}

function ComponentTable({ items, empty }: { items: DiffComponent[]; empty: string }) {
  return (
    <DataTable
      items={items}
      headers={['Package', 'Version', 'Package URL']}
      rowKey={(c) => `${c.group ?? ''}/${c.name}@${c.version ?? ''}#${c.purl ?? ''}`}
      empty={empty}
      row={(c) => (
        <>
          <td>
            <PackageName name={c.name} group={c.group} />
          </td>
          <td>{c.version ?? <span className="muted">—</span>}</td>
          <td>{c.purl ? <code className="ident">{c.purl}</code> : <span className="muted">—</span>}</td>
        </>
      )}
    />
  );
}

function versionList(versions: string[]) {
  if (versions.length === 0) return <span className="muted">—</span>;
  return versions.map((v) => v || '(no version)').join(', ');
}

function ChangedTable({ items, empty }: { items: DiffChange[]; empty: string }) {
  return (
    <DataTable
      items={items}
      headers={['Package', 'Version: from → to']}
      rowKey={(c) => `${c.group ?? ''}/${c.name}`}
      empty={empty}
      row={(c) => (
        <>
          <td>
            <PackageName name={c.name} group={c.group} />
          </td>
          <td>
            {versionList(c.from)} <span aria-hidden="true">→</span>
            <span className="visually-hidden">to</span> <strong>{versionList(c.to)}</strong>
          </td>
        </>
      )}
    />
  );
}

function matches(filter: string, item: { name: string; group: string | null; purl?: string | null }): boolean {
  if (!filter) return true;
  return [item.name, item.group ?? '', item.purl ?? ''].some((text) => text.toLowerCase().includes(filter));
}

/** "Added (840)", and how many of them match the filter when one is set. */
function ListTitle({ id, title, total, shown, filtered }: { id: string; title: string; total: number; shown: number; filtered: boolean }) {
  return (
    <h2 id={id}>
      {title} ({total}){filtered && shown > 0 ? <span className="title-note"> {shown} match the filter</span> : null}
    </h2>
  );
}

function DiffTables({ diff }: { diff: SbomDiff }) {
  const [q, setQ] = useState('');
  const filter = q.trim().toLowerCase();
  const added = diff.added.filter((c) => matches(filter, c));
  const removed = diff.removed.filter((c) => matches(filter, c));
  const changed = diff.changed.filter((c) => matches(filter, c));
  const none = filter ? 'No package matches the filter.' : null;
  const total = diff.counts.added + diff.counts.removed + diff.counts.changed;
  return (
    <>
      {total > 10 ? (
        <form className="filters form-narrow" role="search" aria-label="Filter the changes" onSubmit={(e) => e.preventDefault()}>
          <TextField
            label="Filter packages"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="name, group or purl"
            autoComplete="off"
          />
        </form>
      ) : null}
      <section className="panel" aria-labelledby="diff-added-title">
        <ListTitle id="diff-added-title" title="Added" total={diff.counts.added} shown={added.length} filtered={filter !== ''} />
        <ComponentTable items={added} empty={none ?? 'No package was added.'} />
      </section>
      <section className="panel" aria-labelledby="diff-removed-title">
        <ListTitle id="diff-removed-title" title="Removed" total={diff.counts.removed} shown={removed.length} filtered={filter !== ''} />
        <ComponentTable items={removed} empty={none ?? 'No package was removed.'} />
      </section>
      <section className="panel" aria-labelledby="diff-changed-title">
        <ListTitle id="diff-changed-title" title="Changed" total={diff.counts.changed} shown={changed.length} filtered={filter !== ''} />
        <p className="hint">The same package in another version.</p>
        <ChangedTable items={changed} empty={none ?? 'No package changed its version.'} />
      </section>
    </>
  );
}

function CountBadges({ diff }: { diff: SbomDiff }) {
  const { counts } = diff;
  return (
    <p className="diff-counts" aria-label="Summary of the changes">
      <span className="pill pill-ok">{counts.added} added</span>
      <span className="pill pill-bad">{counts.removed} removed</span>
      <span className="pill pill-warn">{counts.changed} changed</span>
      <span className="pill pill-off">{counts.unchanged} unchanged</span>
    </p>
  );
}

function DiffView({ diff, from, to }: { diff: SbomDiff; from: Side; to: Side }) {
  const crossProduct = from.sbom.productId !== to.sbom.productId;
  const fromLabel = sideLabel(from, crossProduct);
  const toLabel = sideLabel(to, crossProduct);
  usePageTitle(`What changed from ${fromLabel} to ${toLabel}`);
  const nothing = diff.counts.added + diff.counts.removed + diff.counts.changed === 0;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/products/${to.sbom.productId}`}>{to.productName ?? 'Product'}</Link>
      </p>
      <h1>
        What changed from {fromLabel} to {toLabel}
      </h1>
      <p className="lead">
        Packages are matched by their package URL without the version (or by group and name). The{' '}
        <Link to={`/sboms/${from.sbom.id}`}>SBOM of {fromLabel}</Link> lists {diff.from.componentCount} components, the{' '}
        <Link to={`/sboms/${to.sbom.id}`}>SBOM of {toLabel}</Link> {diff.to.componentCount}.
      </p>
      <CountBadges diff={diff} />
      {!from.sbom.isCurrent || !to.sbom.isCurrent ? (
        <InfoBox title="An older upload is compared.">
          A newer SBOM has been uploaded for {!from.sbom.isCurrent ? fromLabel : toLabel}; this comparison uses the older file.
        </InfoBox>
      ) : null}
      {diff.truncated ? (
        <InfoBox title="The lists are cut.">
          More than 5,000 packages are in one of the lists: the tables show the first 5,000 by name. The counts above are complete.
        </InfoBox>
      ) : null}
      {nothing ? (
        <section className="panel">
          <p className="empty">Nothing changed: both SBOMs list the same packages in the same versions.</p>
        </section>
      ) : (
        <DiffTables diff={diff} />
      )}
    </>
  );
}

function DiffWithLabels({ diff, fromSbom, toSbom }: { diff: SbomDiff; fromSbom: SbomDetail; toSbom: SbomDetail }) {
  const from = useSide(fromSbom);
  const to = useSide(toSbom);
  return <DiffView diff={diff} from={from} to={to} />;
}

const notFound = 'There is no such SBOM, or its product is not shared with your organisation.';

/** The tab title until everything is loaded (then the comparison view names both versions). */
function LoadingTitle() {
  usePageTitle('What changed');
  return null;
}

/** The SBOM comparison page. */
export function SbomDiffPage() {
  const params = useParams();
  const id = params.id ?? '';
  const otherId = params.otherId ?? '';
  const diff = useSbomDiff(id, otherId);
  const fromSbom = useSbom(id);
  const toSbom = useSbom(otherId);
  const loaded = diff.data !== undefined && fromSbom.data !== undefined && toSbom.data !== undefined;
  return (
    <div className="page">
      {loaded ? null : <LoadingTitle />}
      <QueryView query={diff} what="the comparison" notFound={notFound}>
        {(d) => (
          <QueryView query={fromSbom} what="the first SBOM" notFound={notFound}>
            {(a) => (
              <QueryView query={toSbom} what="the second SBOM" notFound={notFound}>
                {(b) => <DiffWithLabels diff={d} fromSbom={a} toSbom={b} />}
              </QueryView>
            )}
          </QueryView>
        )}
      </QueryView>
    </div>
  );
}
