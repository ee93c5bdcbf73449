// /groups: my sharing groups, and the form to create one.
import { Link } from 'react-router-dom';
import { useCreateGroup, useGroups } from '../api/groups.ts';
import { DateTime } from '../components/date-time.tsx';
import { GroupForm } from '../components/group-form.tsx';
import { SuccessMessage } from '../components/messages.tsx';
import { QueryView } from '../components/query-view.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';

/** The sharing groups page. */
export function GroupsPage() {
  usePageTitle('Sharing groups');
  const groups = useGroups();
  const create = useCreateGroup();
  return (
    <div className="page">
      <h1>Sharing groups</h1>
      <p className="lead">
        A sharing group is a standing list of organisations, for example the users of one device family, to share notices with in one step.
      </p>
      <div className="split">
        <section className="panel" aria-labelledby="my-groups-title">
          <h2 id="my-groups-title">Your groups</h2>
          <QueryView query={groups} what="sharing groups">
            {(data) =>
              data.items.length === 0 ? (
                <p className="empty">Your organisation is not in any sharing group yet.</p>
              ) : (
                <ul className="card-list">
                  {data.items.map((group) => (
                    <li key={group.id} className="card-item">
                      <div className="card-item-head">
                        <Link to={`/groups/${group.id}`} className="card-item-title">
                          {group.name}
                        </Link>
                        {group.confidential ? <span className="pill pill-warn">Confidential</span> : null}
                        {group.canManage ? <span className="pill">You manage</span> : null}
                      </div>
                      {group.description ? <p>{group.description}</p> : null}
                      <p className="muted small">
                        {group.memberCount === null
                          ? 'Members not shown'
                          : `${group.memberCount} member organisation${group.memberCount === 1 ? '' : 's'}`}
                        {group.myMembership ? (
                          <>
                            {' '}
                            · member since <DateTime value={group.myMembership.addedAt} dateOnly />
                          </>
                        ) : null}
                      </p>
                    </li>
                  ))}
                </ul>
              )
            }
          </QueryView>
        </section>
        <aside className="panel" aria-labelledby="create-group-title">
          <h2 id="create-group-title">Create a group</h2>
          {create.data ? (
            <SuccessMessage>
              Group created: <Link to={`/groups/${create.data.id}`}>{create.data.name}</Link>. Add member organisations on its page.
            </SuccessMessage>
          ) : null}
          <GroupForm
            submitLabel="Create group"
            pending={create.isPending}
            error={create.error}
            onSubmit={(body, reset) => create.mutate(body, { onSuccess: reset })}
          />
        </aside>
      </div>
    </div>
  );
}
