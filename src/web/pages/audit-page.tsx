// /audit: the tamper-evident audit log: filters, "Load older" paging and the hash-chain check.
import { useState, type FormEvent } from 'react';
import { useAuditLog, useVerifyAudit, type AuditFilters } from '../api/audit.ts';
import { useOrganisations } from '../api/organisations.ts';
import type { AuditEvent } from '../api/types.ts';
import { DateTime } from '../components/date-time.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { useCurrentMe } from '../components/me-context.tsx';
import { ErrorBanner, SuccessMessage } from '../components/messages.tsx';
import { QueryView } from '../components/query-view.tsx';
import { hasAnyRole } from '../lib/roles.ts';
import { localInputToIso } from '../lib/time.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { LoadMore } from '../components/load-more.tsx';

const emptyForm = { action: '', actor: '', orgId: '', from: '', to: '' };

function VerifyChain() {
  const verify = useVerifyAudit();
  const result = verify.data;
  return (
    <div className="verify">
      <button type="button" className="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
        {verify.isPending ? 'Verifying…' : 'Verify chain'}
      </button>
      <ErrorBanner title="The check could not run." error={verify.error} />
      {result?.ok ? <SuccessMessage>Chain intact: {result.checked} records checked, none altered.</SuccessMessage> : null}
      {result && !result.ok ? (
        <div className="banner banner-error" role="alert">
          <strong className="banner-title">The audit chain is broken.</strong>
          {result.firstBad ? `First bad record: #${result.firstBad.seq} (${result.firstBad.reason}). ` : ''}
          {result.checked} records checked. Report this to the ISAO operator.
        </div>
      ) : null}
    </div>
  );
}

function Target({ event }: { event: AuditEvent }) {
  if (!event.targetType && !event.targetId) return <span className="muted">—</span>;
  return (
    <span>
      {event.targetType}
      {event.targetId ? (
        <code className="id" title={event.targetId}>
          {' '}
          {event.targetId.slice(0, 8)}
        </code>
      ) : null}
    </span>
  );
}

function AuditRows({ items }: { items: AuditEvent[] }) {
  return (
    <div className="table-wrap">
      <table className="table-dense">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">IP</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {items.map((event) => (
            <tr key={event.seq}>
              <td>{event.seq}</td>
              <td className="nowrap">
                <DateTime value={event.at} />
              </td>
              <td>{event.actorLabel}</td>
              <td>
                <code>{event.action}</code>
              </td>
              <td>
                <Target event={event} />
              </td>
              <td>{event.ip ?? '—'}</td>
              <td>
                {Object.keys(event.detail).length ? (
                  <details>
                    <summary>Show</summary>
                    <pre className="json">{JSON.stringify(event.detail, null, 2)}</pre>
                  </details>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The audit log page. */
export function AuditPage() {
  usePageTitle('Audit log');
  const me = useCurrentMe();
  const platformAdmin = hasAnyRole(me, ['platform_admin']);
  const organisations = useOrganisations();
  const [form, setForm] = useState(emptyForm);
  const [filters, setFilters] = useState<AuditFilters>({});
  const log = useAuditLog(filters);
  const set = (key: keyof typeof emptyForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters({
      action: form.action.trim() || undefined,
      actor: form.actor.trim() || undefined,
      orgId: form.orgId || undefined,
      from: localInputToIso(form.from),
      to: localInputToIso(form.to),
    });
  };
  const clear = () => {
    setForm(emptyForm);
    setFilters({});
  };
  return (
    <div className="page">
      <div className="title-row">
        <h1>Audit log</h1>
        <VerifyChain />
      </div>
      <p className="lead">
        Every sign-in, share, reveal and administrative change, chained by hash so that tampering shows. Times are in your local time zone;
        hover for UTC.
      </p>
      <form className="panel form filters" onSubmit={apply} aria-label="Audit filters">
        <TextField label="Action" value={form.action} onChange={set('action')} placeholder="e.g. auth.sign_in" />
        <TextField label="Actor" value={form.actor} onChange={set('actor')} placeholder="name or email" />
        {platformAdmin ? (
          <SelectField label="Organisation" value={form.orgId} onChange={set('orgId')}>
            <option value="">All organisations</option>
            {(organisations.data?.items ?? []).map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        <TextField label="From" type="datetime-local" value={form.from} onChange={set('from')} />
        <TextField label="To" type="datetime-local" value={form.to} onChange={set('to')} />
        <div className="actions">
          <button type="submit" className="button button-primary">
            Apply filters
          </button>
          <button type="button" className="button" onClick={clear}>
            Clear
          </button>
        </div>
      </form>
      <section className="panel" aria-label="Audit records">
        <QueryView query={log} what="the audit log">
          {(data) => {
            const items = data.pages.flatMap((page) => page.items);
            return (
              <>
                {items.length === 0 ? <p className="empty">No records match these filters.</p> : <AuditRows items={items} />}
                <LoadMore query={log} label="Load older" />
              </>
            );
          }}
        </QueryView>
      </section>
    </div>
  );
}
