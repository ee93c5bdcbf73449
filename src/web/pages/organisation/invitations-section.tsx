// My organisation: invite colleagues by email, see pending invitations and revoke them.
import { useState, type FormEvent } from 'react';
import { memberRoles, roles as allRoles, type Role } from '../../../shared/vocabulary.ts';
import { useCreateInvitation, useInvitations, useRevokeInvitation } from '../../api/people.ts';
import type { CreatedInvitation, InvitationItem, OrganisationItem } from '../../api/types.ts';
import { DateTime } from '../../components/date-time.tsx';
import { SelectField, TextField } from '../../components/fields.tsx';
import { ErrorBanner, InfoBox, SuccessMessage } from '../../components/messages.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { roleLabels } from '../../lib/roles.ts';
import { isPast } from '../../lib/time.ts';
import { DataTable } from '../../components/data-table.tsx';
import { RevokeButton } from '../../components/revoke-button.tsx';

function invitationStatus(item: InvitationItem): string {
  if (item.acceptedAt) return 'Accepted';
  if (item.revokedAt) return 'Revoked';
  if (isPast(item.expiresAt)) return 'Expired';
  return 'Pending';
}

function CreatedNote({ created }: { created: CreatedInvitation }) {
  return created.emailed ? (
    <SuccessMessage>Invitation emailed to {created.item.email}.</SuccessMessage>
  ) : (
    <InfoBox title="Invitation created, but not emailed.">
      Email is not configured on this server: the invitation link was written to the server log. Ask your ISAO operator for the link and
      send it to {created.item.email} yourself.
    </InfoBox>
  );
}

/** The invitations panel. */
export function InvitationsSection({ organisation }: { organisation: OrganisationItem }) {
  const invitations = useInvitations(organisation.id);
  const create = useCreateInvitation(organisation.id);
  const revoke = useRevokeInvitation(organisation.id);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const roleChoices: readonly Role[] = organisation.kind === 'operator' ? allRoles : memberRoles;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ email: email.trim(), roles: [role] }, { onSuccess: () => setEmail('') });
  };
  return (
    <section className="panel" aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      <form className="form form-inline" onSubmit={submit} aria-label="Invite a colleague">
        <TextField
          label="Colleague’s email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="off"
        />
        <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roleChoices.map((r) => (
            <option key={r} value={r}>
              {roleLabels[r]}
            </option>
          ))}
        </SelectField>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Send invitation
          </button>
        </div>
      </form>
      <ErrorBanner title="The invitation was not created." error={create.error} />
      {create.data ? <CreatedNote created={create.data} /> : null}
      <ErrorBanner title="The invitation was not revoked." error={revoke.error} />
      <QueryView query={invitations} what="invitations">
        {(data) => (
          <DataTable
            items={data.items}
            headers={['Email', 'Role', 'Sent', 'Expires', 'Status']}
            actions
            rowKey={(item) => item.id}
            empty="No invitations yet."
            row={(item) => (
              <>
                <td>{item.email}</td>
                <td>{item.roles.map((r) => roleLabels[r]).join(', ')}</td>
                <td>
                  <DateTime value={item.createdAt} />
                </td>
                <td>
                  <DateTime value={item.expiresAt} />
                </td>
                <td>{invitationStatus(item)}</td>
                <td className="cell-actions">
                  {invitationStatus(item) === 'Pending' ? (
                    <RevokeButton
                      what={`invitation for ${item.email}`}
                      onRevoke={() => revoke.mutate(item.id)}
                      disabled={revoke.isPending}
                    />
                  ) : null}
                </td>
              </>
            )}
          />
        )}
      </QueryView>
    </section>
  );
}
