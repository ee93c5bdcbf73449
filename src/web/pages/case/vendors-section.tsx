// The vendors of a case, for ISAO staff: who was notified when, and the matrix of their statements per vulnerability
// with every missing answer marked; adding a vendor picks an active manufacturer organisation (its people are emailed),
// or names one that is not a member (its contact is emailed a one-time link, whose state the matrix shows).
import { useState, type FormEvent } from 'react';
import { type CaseDetail, type CaseVendor, type VendorStatement, useAddVendor } from '../../api/cases.ts';
import { useOrganisations } from '../../api/organisations.ts';
import { DateTime } from '../../components/date-time.tsx';
import { SelectField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { vendorStatusLabels } from './case-labels.ts';
import { ExternalVendorForm } from './external-vendor-form.tsx';
import { ExternalContact, VendorLinkStatus } from './vendor-link-status.tsx';
import { sortedVulnerabilities } from './vulnerabilities-section.tsx';

function StatementCell({ statement }: { statement: VendorStatement | undefined }) {
  if (!statement) return <span className="pill pill-tight case-no-answer">No answer yet</span>;
  const info = vendorStatusLabels[statement.status];
  return (
    <div className="case-cell">
      <span className={`${info.pill} pill-tight`}>{info.label}</span>
      {statement.product ? <div className="small case-cell-product">{statement.product}</div> : null}
      {statement.affectedVersions ? <div className="small">Affected: {statement.affectedVersions}</div> : null}
      {statement.fixedVersions ? <div className="small">Fixed in: {statement.fixedVersions}</div> : null}
      {statement.statement ? <div className="small muted prewrap case-cell-text">{statement.statement}</div> : null}
      <div className="small muted">
        <DateTime value={statement.updatedAt} dateOnly />
        {statement.updatedBy ? ` · ${statement.updatedBy}` : ''}
      </div>
    </div>
  );
}

function unansweredOf(vendor: CaseVendor, vulnerabilityCount: number): number {
  return vendor.unanswered ?? Math.max(0, vulnerabilityCount - vendor.statements.length);
}

function Matrix({ detail, onNotice }: { detail: CaseDetail; onNotice: (text: string) => void }) {
  const vulnerabilities = sortedVulnerabilities(detail);
  return (
    <div className="table-wrap">
      <table className="case-matrix">
        <caption className="visually-hidden">Vendors and their statement on each vulnerability</caption>
        <thead>
          <tr>
            <th scope="col">Organisation</th>
            <th scope="col">Notified</th>
            {vulnerabilities.map((v, i) => (
              <th key={v.id} scope="col" title={v.title}>
                V{i + 1} <span className="case-matrix-vuln">{v.title}</span>
              </th>
            ))}
            <th scope="col">Unanswered</th>
          </tr>
        </thead>
        <tbody>
          {detail.vendors.map((vendor) => {
            const byVulnerability = new Map(vendor.statements.map((s) => [s.vulnerabilityId, s]));
            const missing = unansweredOf(vendor, vulnerabilities.length);
            return (
              <tr key={vendor.orgId}>
                <th scope="row" className="case-vendor-name">
                  {vendor.orgName}
                  {vendor.external ? <ExternalContact external={vendor.external} /> : null}
                </th>
                <td className={vendor.external ? undefined : 'nowrap'}>
                  {vendor.external ? (
                    <VendorLinkStatus
                      detail={detail}
                      orgId={vendor.orgId}
                      orgName={vendor.orgName}
                      external={vendor.external}
                      onSent={onNotice}
                    />
                  ) : (
                    <DateTime value={vendor.notifiedAt} />
                  )}
                </td>
                {vulnerabilities.map((v) => (
                  <td key={v.id}>
                    <StatementCell statement={byVulnerability.get(v.id)} />
                  </td>
                ))}
                <td className="nowrap">
                  {missing ? <strong className="text-danger">{missing}</strong> : <span className="case-all-answered">All answered</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AddVendor({ detail, onAdded }: { detail: CaseDetail; onAdded: (text: string) => void }) {
  const organisations = useOrganisations('active');
  const add = useAddVendor(detail.id);
  const [orgId, setOrgId] = useState('');
  const present = new Set(detail.vendors.map((v) => v.orgId));
  const choices = (organisations.data?.items ?? []).filter((o) => o.kind === 'manufacturer' && !present.has(o.id));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const org = choices.find((o) => o.id === orgId);
    if (!org) return;
    add.mutate(org.id, {
      onSuccess: () => {
        setOrgId('');
        onAdded(`${org.name} was added and its people were told by email.`);
      },
    });
  };
  return (
    <form className="form case-add-vendor" onSubmit={submit} aria-label="Add a vendor">
      <div className="form-inline">
        <SelectField
          label="Add a vendor"
          name="orgId"
          value={orgId}
          onChange={(e) => setOrgId(e.target.value)}
          aria-describedby="case-vendor-hint"
        >
          <option value="">
            {organisations.isPending
              ? 'Loading the manufacturers…'
              : choices.length
                ? 'Choose a manufacturer'
                : 'No other manufacturer to add'}
          </option>
          {choices.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
              {o.country ? ` (${o.country})` : ''}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button-primary" disabled={!orgId || add.isPending}>
          {add.isPending ? 'Adding…' : 'Add vendor'}
        </button>
      </div>
      <p className="hint" id="case-vendor-hint">
        An active manufacturer of the ISAO. Its people are told by email and see only their own part of the case, never the other vendors.
      </p>
      <ErrorBanner title="Could not load the manufacturers." error={organisations.error} />
      <ErrorBanner title="The vendor was not added." error={add.error} />
    </form>
  );
}

/** The "Vendors" panel (coordinators). */
export function VendorsSection({ detail }: { detail: CaseDetail }) {
  const [notice, setNotice] = useState<string | null>(null);
  const count = detail.vulnerabilities.length;
  const unanswered = detail.vendors.reduce((n, v) => n + unansweredOf(v, count), 0);
  return (
    <section className="panel" aria-labelledby="case-vendors-title">
      <div className="panel-head">
        <h2 id="case-vendors-title">
          Vendors <span className="tab-count">{detail.vendors.length}</span>
        </h2>
        {detail.vendors.length && count ? (
          unanswered ? (
            <span className="pill pill-warn">
              {unanswered} {unanswered === 1 ? 'statement' : 'statements'} without answer
            </span>
          ) : (
            <span className="pill pill-ok">Every vendor answered</span>
          )
        ) : null}
      </div>
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {detail.vendors.length === 0 ? (
        <p className="empty">No vendor yet. Add the manufacturers whose products may be affected.</p>
      ) : count === 0 ? (
        <>
          <p className="hint">Add a vulnerability: vendors answer per vulnerability.</p>
          <Matrix detail={detail} onNotice={setNotice} />
        </>
      ) : (
        <Matrix detail={detail} onNotice={setNotice} />
      )}
      {detail.state === 'closed' ? null : (
        <>
          <AddVendor detail={detail} onAdded={setNotice} />
          <ExternalVendorForm detail={detail} onAdded={setNotice} />
        </>
      )}
    </section>
  );
}
