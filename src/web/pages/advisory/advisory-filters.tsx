// The search box and filters of the advisories list, kept in the page's query string so a search can be shared as a link.
import { useState, type FormEvent } from 'react';
import { type AdvisoryFilters, cvePattern } from '../../api/advisories.ts';
import { CheckboxField, TextField } from '../../components/fields.tsx';

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** The filters written in a query string (anything unreadable is left out). */
export function filtersFromParams(params: URLSearchParams): AdvisoryFilters {
  const text = (name: string) => (params.get(name) ?? '').slice(0, 200);
  const day = (name: string) => (dayPattern.test(params.get(name) ?? '') ? params.get(name)! : '');
  const cve = text('cve').trim();
  return {
    q: text('q'),
    vendor: text('vendor'),
    product: text('product'),
    cve: cvePattern.test(cve) ? cve.toUpperCase() : '',
    kev: params.get('kev') === 'true',
    from: day('from'),
    to: day('to'),
  };
}

/** The query string of some filters (empty ones left out). */
export function paramsFromFilters(filters: AdvisoryFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['q', 'vendor', 'product', 'cve', 'from', 'to'] as const) {
    const value = filters[key].trim();
    if (value) out[key] = value;
  }
  if (filters.kev) out['kev'] = 'true';
  return out;
}

/** True when any filter other than the search words is set. */
export function hasFilters(filters: AdvisoryFilters): boolean {
  return Boolean(filters.vendor || filters.product || filters.cve || filters.kev || filters.from || filters.to);
}

/** The form; its fields start from `filters` (remount it with a new key when the URL changes). */
export function AdvisoryFilterForm({ filters, onApply }: { filters: AdvisoryFilters; onApply: (filters: AdvisoryFilters) => void }) {
  const [draft, setDraft] = useState(filters);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (patch: Partial<AdvisoryFilters>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cve = draft.cve.trim();
    if (cve && !cvePattern.test(cve)) {
      setProblem('Enter one CVE id, such as CVE-2022-26390.');
      return;
    }
    if (draft.from && draft.to && draft.from > draft.to) {
      setProblem('“Released from” is after “Released to”.');
      return;
    }
    setProblem(null);
    onApply({ ...draft, cve: cve.toUpperCase() });
  };
  const clear = () => {
    const empty: AdvisoryFilters = { q: '', vendor: '', product: '', cve: '', kev: false, from: '', to: '' };
    setDraft(empty);
    setProblem(null);
    onApply(empty);
  };
  return (
    <form className="form advisory-filters" role="search" aria-label="Search advisories" onSubmit={submit}>
      <div className="form-inline">
        <TextField
          label="Search"
          type="search"
          value={draft.q}
          onChange={(e) => set({ q: e.target.value })}
          placeholder="Words, a CVE id or a tracking id: infusion pump, CVE-2022-26390, ICSMA-22-251-01"
          maxLength={200}
          autoComplete="off"
        />
        <div className="actions">
          <button type="submit" className="button button-primary">
            Search
          </button>
          <button type="button" className="button" onClick={clear}>
            Clear
          </button>
        </div>
      </div>
      <div className="filters">
        <TextField
          label="Vendor"
          value={draft.vendor}
          onChange={(e) => set({ vendor: e.target.value })}
          maxLength={200}
          autoComplete="off"
        />
        <TextField
          label="Product"
          value={draft.product}
          onChange={(e) => set({ product: e.target.value })}
          maxLength={200}
          autoComplete="off"
        />
        <TextField
          label="CVE"
          value={draft.cve}
          onChange={(e) => set({ cve: e.target.value })}
          placeholder="CVE-2024-1234"
          maxLength={40}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={problem?.includes('CVE') ? true : undefined}
        />
        <TextField label="Released from" type="date" value={draft.from} onChange={(e) => set({ from: e.target.value })} />
        <TextField label="Released to" type="date" value={draft.to} onChange={(e) => set({ to: e.target.value })} />
        <CheckboxField
          label="Known exploited only"
          title="Only advisories with a vulnerability in CISA’s Known Exploited Vulnerabilities (KEV) catalog"
          checked={draft.kev}
          onChange={(e) => set({ kev: e.target.checked })}
        />
      </div>
      {problem ? (
        <p className="hint text-danger" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
