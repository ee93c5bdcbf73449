// /groups/:id: one sharing group: details, members (or the confidentiality note), management for its owners.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useGroup, useGroupMembership, useUpdateGroup } from '../api/groups.ts';
import { useOrganisations } from '../api/organisations.ts';
import type { SharingGroup } from '../api/types.ts';
import { DateTime } from '../components/date-time.tsx';
import { SelectField } from '../components/fields.tsx';
import { GroupForm } from '../components/group-form.tsx';
import { ErrorBanner, InfoBox, SuccessMessage } from '../components/messages.tsx';
import { QueryView } from '../components/query-view.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { DataTable } from '../components/data-table.tsx';

/** Members table with remove, and the add-member picker (managers only). */
function ManageMembers({ group }: { group: SharingGroup }) {
  const { add, remove } = useGroupMembership(group.id);
  const organisations = useOrganisations();
  const [orgId, setOrgId] = useState('');
  const members = group.members ?? [];
  const memberIds = new Set(members.map((m) => m.orgId));
  const candidates = (organisations.data?.items ?? []).filter((org) => org.status === 'active' && !memberIds.has(org.id));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (orgId) add.mutate(orgId, { onSuccess: () => setOrgId('') });
  };
  return (
    <section className="panel" aria-labelledby="members-title">
      <h2 id="members-title">Member organisations</h2>
      <form className="form form-inline" onSubmit={submit} aria-label="Add a member organisation">
        <SelectField label="Organisation to add" value={orgId} onChange={(e) => setOrgId(e.target.value)} required>
          <option value="">Choose an organisation…</option>
          {candidates.map((org) => (
            <option key={org.id} value={org.id}>
              {org.name}
            </option>
          ))}
        </SelectField>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={add.isPending || !orgId}>
            Add to group
          </button>
        </div>
      </form>
      <ErrorBanner title="The organisation was not added." error={add.error} />
      <ErrorBanner title="The organisation was not removed." error={remove.error} />
      <DataTable
        items={members}
        headers={['Organisation', 'Added']}
        actions
        rowKey={(member) => member.orgId}
        empty="No members yet."
        row={(member) => (
          <>
            <td>{member.orgName}</td>
            <td>
              <DateTime value={member.addedAt} />
            </td>
            <td className="cell-actions">
              {member.orgId === group.ownerOrgId ? (
                <span className="muted small">Owner</span>
              ) : (
                <button
                  type="button"
                  className="button button-small button-danger-outline"
                  onClick={() => remove.mutate(member.orgId)}
                  disabled={remove.isPending}
                  aria-label={`Remove ${member.orgName}`}
                >
                  Remove
                </button>
              )}
            </td>
          </>
        )}
      />
    </section>
  );
}

/** Read-only view of the members, or the confidentiality note. */
function MemberView({ group }: { group: SharingGroup }) {
  if (group.members === null) {
    return (
      <section className="panel" aria-labelledby="members-title">
        <h2 id="members-title">Member organisations</h2>
        <InfoBox title="Confidential group: members are not shown.">
          Only the group’s managers can see which organisations are in it.{' '}
          {group.myMembership ? (
            <>
              Your organisation has been a member since <DateTime value={group.myMembership.addedAt} dateOnly />.
            </>
          ) : (
            'Your organisation is not a member.'
          )}
        </InfoBox>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="members-title">
      <h2 id="members-title">Member organisations</h2>
      {group.members.length === 0 ? (
        <p className="empty">No members yet.</p>
      ) : (
        <ul className="plain-list">
          {group.members.map((member) => (
            <li key={member.orgId}>
              {member.orgName}{' '}
              <span className="muted small">
                since <DateTime value={member.addedAt} dateOnly />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function EditGroup({ group }: { group: SharingGroup }) {
  const update = useUpdateGroup(group.id);
  return (
    <section className="panel" aria-labelledby="edit-group-title">
      <h2 id="edit-group-title">Group settings</h2>
      {update.isSuccess ? <SuccessMessage>Group saved.</SuccessMessage> : null}
      <GroupForm
        key={group.id}
        initial={{ name: group.name, description: group.description, confidential: group.confidential }}
        submitLabel="Save group"
        pending={update.isPending}
        error={update.error}
        onSubmit={(body) => update.mutate(body)}
      />
    </section>
  );
}

/** The group detail page. */
export function GroupDetailPage() {
  usePageTitle('Sharing group');
  const id = useParams().id ?? '';
  const group = useGroup(id);
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/groups">Sharing groups</Link>
      </p>
      <QueryView query={group} what="the sharing group">
        {(g) => (
          <>
            <div className="title-row">
              <h1>{g.name}</h1>
              {g.confidential ? <span className="pill pill-warn">Confidential</span> : null}
            </div>
            {g.description ? <p className="lead">{g.description}</p> : null}
            <p className="muted small">
              Created <DateTime value={g.createdAt} dateOnly />
            </p>
            {g.canManage ? <ManageMembers group={g} /> : <MemberView group={g} />}
            {g.canManage ? <EditGroup group={g} /> : null}
          </>
        )}
      </QueryView>
    </div>
  );
}
