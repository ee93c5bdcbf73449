// /admin/organisations: every organisation by status, and creating one directly (operator staff).
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { orgKindLabels, orgKinds, orgStatuses, type OrgKind, type OrgStatus } from '../../shared/vocabulary.ts';
import { useCreateOrganisation, useOrganisations } from '../api/organisations.ts';
import { DateTime } from '../components/date-time.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { useCurrentMe } from '../components/me-context.tsx';
import { ErrorBanner, SuccessMessage } from '../components/messages.tsx';
import { QueryView } from '../components/query-view.tsx';
import { hasAnyRole } from '../lib/roles.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { DataTable } from '../components/data-table.tsx';

function CreateOrganisation() {
  const create = useCreateOrganisation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OrgKind>('manufacturer');
  const [country, setCountry] = useState('');
  const [website, setWebsite] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), kind, country: country.trim() || undefined, website: website.trim() || undefined },
      {
        onSuccess: () => {
          setName('');
          setCountry('');
          setWebsite('');
        },
      },
    );
  };
  return (
    <section className="panel" aria-labelledby="create-org-title">
      <h2 id="create-org-title">Create an organisation</h2>
      <p className="hint">Creates an organisation directly, without an application. Open it from the list to invite its first people.</p>
      {create.data ? <SuccessMessage>{create.data.name} was created.</SuccessMessage> : null}
      <form className="form" onSubmit={submit}>
        <TextField label="Organisation name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as OrgKind)}>
          {orgKinds
            .filter((k) => k !== 'operator')
            .map((k) => (
              <option key={k} value={k}>
                {orgKindLabels[k]}
              </option>
            ))}
        </SelectField>
        <TextField label="Country (optional)" maxLength={100} value={country} onChange={(e) => setCountry(e.target.value)} />
        <TextField
          label="Website (optional)"
          type="url"
          maxLength={300}
          value={website}
          onChange={(e) => setWebsite(e.target.value)}
          placeholder="https://"
        />
        <ErrorBanner title="The organisation was not created." error={create.error} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Create organisation
          </button>
        </div>
      </form>
    </section>
  );
}

/** The organisations administration page. */
export function AdminOrganisationsPage() {
  usePageTitle('Organisations');
  const me = useCurrentMe();
  const [status, setStatus] = useState<OrgStatus | ''>('');
  const organisations = useOrganisations(status || undefined);
  return (
    <div className="page">
      <h1>Organisations</h1>
      <div className="split">
        <section className="panel" aria-labelledby="orgs-title">
          <div className="panel-head">
            <h2 id="orgs-title">All organisations</h2>
            <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value as OrgStatus | '')}>
              <option value="">All statuses</option>
              {orgStatuses.map((s) => (
                <option key={s} value={s}>
                  {s[0]?.toUpperCase()}
                  {s.slice(1)}
                </option>
              ))}
            </SelectField>
          </div>
          <QueryView query={organisations} what="organisations">
            {(data) => (
              <DataTable
                items={data.items}
                headers={['Name', 'Kind', 'Status', 'Country', 'MFA required', 'Created']}
                rowKey={(org) => org.id}
                empty="No organisations with this status."
                row={(org) => (
                  <>
                    <td>
                      <Link to={`/admin/organisations/${org.id}`}>{org.name}</Link>
                      {org.website ? <div className="muted small">{org.website}</div> : null}
                    </td>
                    <td>{orgKindLabels[org.kind]}</td>
                    <td>
                      <span className={`pill pill-status-${org.status}`}>{org.status}</span>
                    </td>
                    <td>{org.country ?? '—'}</td>
                    <td>{org.requireMfa ? 'Yes' : 'No'}</td>
                    <td>
                      <DateTime value={org.createdAt} dateOnly />
                    </td>
                  </>
                )}
              />
            )}
          </QueryView>
        </section>
        {hasAnyRole(me, ['platform_admin']) ? <CreateOrganisation /> : null}
      </div>
    </div>
  );
}
