// My organisation: people, their roles and whether their account is enabled.
import { useState } from 'react';
import { memberRoles, roles as allRoles, type Role } from '../../../shared/vocabulary.ts';
import { usePeople, useUpdatePerson } from '../../api/people.ts';
import type { OrganisationItem, PersonItem } from '../../api/types.ts';
import { DateTime } from '../../components/date-time.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { ErrorBanner } from '../../components/messages.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { roleLabels } from '../../lib/roles.ts';
import { DataTable } from '../../components/data-table.tsx';

/** The people table with role checkboxes and enable/disable. */
export function PeopleSection({ organisation }: { organisation: OrganisationItem }) {
  const me = useCurrentMe();
  const people = usePeople(organisation.id);
  const update = useUpdatePerson(organisation.id);
  const roleChoices: readonly Role[] = organisation.kind === 'operator' ? allRoles : memberRoles;
  // Roles being saved: shown at once, so a checkbox follows the click; dropped when the server answers.
  const [saving, setSaving] = useState<Record<string, Role[]>>({});
  const rolesOf = (person: PersonItem) => saving[person.id] ?? person.roles;
  const setRole = (person: PersonItem, role: Role, on: boolean) => {
    const current = rolesOf(person);
    const next = on ? [...current, role] : current.filter((r) => r !== role);
    if (next.length === 0) return;
    setSaving((s) => ({ ...s, [person.id]: next }));
    update.mutate({ id: person.id, body: { roles: next } }, { onSettled: () => setSaving(({ [person.id]: _done, ...rest }) => rest) });
  };
  return (
    <section className="panel" aria-labelledby="people-title">
      <h2 id="people-title">People</h2>
      <p className="hint">Changes are saved at once. Everyone needs at least one role; you cannot disable yourself.</p>
      <ErrorBanner title="The change was not saved." error={update.error} />
      <QueryView query={people} what="people">
        {(data) => (
          <DataTable
            items={data.items}
            headers={['Name', 'Roles', '2FA', 'Last sign-in', 'Status']}
            actions
            rowKey={(person) => person.id}
            rowClassName={(person) => (person.status === 'disabled' ? 'row-muted' : undefined)}
            empty="No people yet."
            row={(person) => {
              const self = person.id === me.person.id;
              return (
                <>
                  <td>
                    <div>{person.name}</div>
                    <div className="muted small">{person.email}</div>
                  </td>
                  <td>
                    <fieldset className="role-set">
                      <legend className="visually-hidden">Roles of {person.name}</legend>
                      {roleChoices.map((role) => (
                        <span key={role} className="field-checkbox inline">
                          <input
                            type="checkbox"
                            id={`role-${person.id}-${role}`}
                            checked={rolesOf(person).includes(role)}
                            disabled={
                              update.isPending ||
                              (rolesOf(person).length === 1 && rolesOf(person).includes(role)) ||
                              (self && role === 'org_admin')
                            }
                            onChange={(e) => setRole(person, role, e.target.checked)}
                            aria-label={`${roleLabels[role]} (${person.name})`}
                          />
                          <label htmlFor={`role-${person.id}-${role}`}>{roleLabels[role]}</label>
                        </span>
                      ))}
                    </fieldset>
                  </td>
                  <td>{person.mfaEnabled ? <span className="pill pill-ok">On</span> : <span className="pill pill-off">Off</span>}</td>
                  <td>
                    <DateTime value={person.lastSignInAt} />
                  </td>
                  <td className="capitalize">{person.status}</td>
                  <td className="cell-actions">
                    {self ? (
                      <span className="muted">You</span>
                    ) : (
                      <button
                        type="button"
                        className={`button button-small ${person.status === 'active' ? 'button-danger-outline' : ''}`}
                        disabled={update.isPending}
                        onClick={() =>
                          update.mutate({ id: person.id, body: { status: person.status === 'active' ? 'disabled' : 'active' } })
                        }
                        aria-label={`${person.status === 'active' ? 'Disable' : 'Enable'} ${person.name}`}
                      >
                        {person.status === 'active' ? 'Disable' : 'Enable'}
                      </button>
                    )}
                  </td>
                </>
              );
            }}
          />
        )}
      </QueryView>
    </section>
  );
}
