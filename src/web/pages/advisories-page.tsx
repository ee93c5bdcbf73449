// /advisories: CSAF advisories (CISA's medical advisories, manufacturers' own) that the reader may see, searchable and
// filtered by vendor, product, CVE, KEV and release date, the filters kept in the URL; ISAO staff import CSAF files here.
import { useSearchParams } from 'react-router-dom';
import { useAdvisories } from '../api/advisories.ts';
import { LoadMore } from '../components/load-more.tsx';
import { QueryView } from '../components/query-view.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { canImportAdvisories, useOptionalMe } from './advisory/advisory-frame.tsx';
import { AdvisoryFilterForm, filtersFromParams, hasFilters, paramsFromFilters } from './advisory/advisory-filters.tsx';
import { AdvisoryTable } from './advisory/advisory-table.tsx';
import { CsafImportButton, CsafImportReport, useCsafImport } from './advisory/csaf-import.tsx';

/** The advisories page. */
export function AdvisoriesPage() {
  usePageTitle('Advisories');
  const me = useOptionalMe();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const advisories = useAdvisories(filters);
  const csafImport = useCsafImport();
  const mayImport = canImportAdvisories(me);
  const searching = filters.q.trim() !== '';
  const filtered = searching || hasFilters(filters);
  return (
    <div className="page">
      <div className="title-row">
        <h1>Advisories</h1>
        {mayImport ? <CsafImportButton csafImport={csafImport} /> : null}
      </div>
      <p className="lead">
        Security advisories about medical devices in the CSAF format: what is vulnerable, how severe it is, and what to do.{' '}
        {me
          ? 'You see the public advisories and those shared with your organisation.'
          : 'These are the public (TLP:CLEAR) advisories; members sign in to see more.'}
      </p>
      {mayImport ? <CsafImportReport csafImport={csafImport} /> : null}
      <section className="panel" aria-label="Find advisories">
        <AdvisoryFilterForm
          key={params.toString()}
          filters={filters}
          onApply={(next) => setParams(paramsFromFilters(next), { replace: false })}
        />
      </section>
      <section className="panel" aria-labelledby="results-title">
        <h2 id="results-title">{searching ? 'Best matches first' : filtered ? 'Matching advisories, newest first' : 'Newest first'}</h2>
        <QueryView query={advisories} what="advisories">
          {(data) => {
            const items = data.pages.flatMap((page) => page.items);
            if (items.length === 0) {
              return (
                <p className="empty">
                  {filtered
                    ? 'No advisory matches. Try fewer words or clear a filter.'
                    : mayImport
                      ? 'No advisories yet — import CSAF files with “Import CSAF”.'
                      : 'No advisories have been published here yet.'}
                </p>
              );
            }
            return (
              <>
                <AdvisoryTable items={items} searching={searching} />
                <LoadMore query={advisories} />
              </>
            );
          }}
        </QueryView>
      </section>
    </div>
  );
}
