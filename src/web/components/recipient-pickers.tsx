// Pickers for recipients: named organisations (checkbox list) and named people (directory search, also for direct messages).
import { useId, useState } from 'react';
import { useOrganisations } from '../api/organisations.ts';
import { useDirectoryPeople } from '../api/people.ts';
import type { DirectoryPerson } from '../api/types.ts';
import { ErrorBanner, Loading } from './messages.tsx';

/** Checkboxes for the member organisations (mine excluded: it always sees its own notices). */
export function OrganisationPicker({
  ownOrgId,
  selected,
  onChange,
}: {
  ownOrgId: string;
  selected: string[];
  onChange: (ids: string[]) => void;
}) {
  const organisations = useOrganisations();
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((x) => x !== id));
  const items = (organisations.data?.items ?? []).filter((org) => org.id !== ownOrgId && org.status === 'active');
  const shown = items.filter((org) => org.name.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <fieldset className="picker">
      <legend>Named organisations</legend>
      {organisations.isPending ? <Loading what="Loading organisations" /> : null}
      <ErrorBanner error={organisations.error} />
      {items.length > 8 ? (
        <div className="field">
          <label htmlFor={filterId}>Filter organisations</label>
          <input id={filterId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
      ) : null}
      <div className="picker-options">
        {shown.map((org) => (
          <div key={org.id} className="field-checkbox">
            <input
              type="checkbox"
              id={`org-${org.id}`}
              checked={selected.includes(org.id)}
              onChange={(e) => toggle(org.id, e.target.checked)}
            />
            <label htmlFor={`org-${org.id}`}>{org.name}</label>
          </div>
        ))}
        {organisations.data && shown.length === 0 ? <p className="empty">No organisations match.</p> : null}
      </div>
      <p className="hint">{selected.length} selected</p>
    </fieldset>
  );
}

/** Search the directory (by name or organisation) and collect named people (required for TLP:RED). */
export function PeoplePicker({
  selected,
  onChange,
  legend = 'Named people',
  hint = 'Only these people will be able to read a TLP:RED notice.',
  excludeIds = [],
}: {
  selected: DirectoryPerson[];
  onChange: (people: DirectoryPerson[]) => void;
  legend?: string;
  hint?: string;
  /** People who cannot be chosen (not listed). */
  excludeIds?: readonly string[];
}) {
  const [q, setQ] = useState('');
  const results = useDirectoryPeople(q);
  const searchId = useId();
  const chosen = new Set(selected.map((p) => p.id));
  const found = (results.data?.items ?? []).filter((person) => !excludeIds.includes(person.id));
  return (
    <fieldset className="picker">
      <legend>{legend}</legend>
      <div className="field">
        <label htmlFor={searchId}>Find people by name or organisation</label>
        <input
          id={searchId}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          aria-describedby={`${searchId}-hint`}
          autoComplete="off"
        />
        <p className="hint" id={`${searchId}-hint`}>
          Type at least 2 letters. {hint}
        </p>
      </div>
      <ErrorBanner error={results.error} />
      {q.trim().length >= 2 && results.data ? (
        <ul className="picker-results" aria-label="Matching people" aria-live="polite">
          {found.length === 0 ? <li className="empty">Nobody matches “{q.trim()}”.</li> : null}
          {found.map((person) => (
            <li key={person.id}>
              <span>
                {person.name} <span className="muted">— {person.orgName}</span>
              </span>
              <button
                type="button"
                className="button button-small"
                disabled={chosen.has(person.id)}
                onClick={() => onChange([...selected, person])}
                aria-label={`Add ${person.name}`}
              >
                {chosen.has(person.id) ? 'Added' : 'Add'}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {selected.length ? (
        <ul className="chips" aria-label="Selected people">
          {selected.map((person) => (
            <li key={person.id} className="chip">
              {person.name} ({person.orgName})
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${person.name}`}
                onClick={() => onChange(selected.filter((p) => p.id !== person.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">Nobody selected yet.</p>
      )}
    </fieldset>
  );
}
