// /forum: the channels this person may see (kind, device class or group, threads, unread threads, last activity), a
// search box, and for ISAO staff (and organisation admins, for their sharing groups) the "New channel" form.
import { Link } from 'react-router-dom';
import { type Channel, useChannels } from '../../api/forum.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { LiveIndicator } from '../../components/forum/live-indicator.tsx';
import { UnreadCount } from '../../components/forum/unread-count.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { hasAnyRole, operatorStaffRoles, orgAdminRoles } from '../../lib/roles.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { ChannelForm } from './channel-form.tsx';
import { channelScope } from './forum-labels.ts';
import { ForumSearchBox } from './forum-search-box.tsx';

function ChannelTable({ items }: { items: Channel[] }) {
  return (
    <DataTable
      items={items}
      rowKey={(c) => c.id}
      headers={['Channel', 'Kind', 'Threads', 'Unread', 'Last activity']}
      empty="No channels yet."
      row={(c) => (
        <>
          <td className="cell-wrap">
            <Link to={`/forum/channels/${c.id}`} className="cell-title">
              {c.name}
            </Link>
            {c.description ? <p className="title-sub">{c.description}</p> : null}
          </td>
          <td>{channelScope(c)}</td>
          <td className="case-count">{c.threads}</td>
          <td className="nowrap">
            {c.unreadThreads ? <UnreadCount count={c.unreadThreads} what={['thread', 'threads']} /> : <span className="muted">—</span>}
          </td>
          <td className="nowrap">
            <DateTime value={c.lastPostAt} />
          </td>
        </>
      )}
    />
  );
}

/** The forum's front page. */
export function ForumPage() {
  usePageTitle('Forum');
  const me = useCurrentMe();
  const staff = hasAnyRole(me, operatorStaffRoles);
  const orgAdmin = hasAnyRole(me, orgAdminRoles);
  const channels = useChannels();
  return (
    <div className="page">
      <div className="title-row">
        <h1>Forum</h1>
        <LiveIndicator />
        {staff ? (
          <Link to="/forum/moderation" className="button">
            Moderation queue
          </Link>
        ) : null}
      </div>
      <p className="lead">
        Ask and tell the community in real time. Every thread and post carries its TLP label; you see only what its label and audience allow
        you to read.
      </p>
      <ForumSearchBox />
      <div className={staff || orgAdmin ? 'split' : undefined}>
        <section className="panel" aria-labelledby="channels-title">
          <h2 id="channels-title">Channels</h2>
          <QueryView query={channels} what="the channels">
            {(data) => <ChannelTable items={data.items} />}
          </QueryView>
        </section>
        {staff || orgAdmin ? (
          <aside className="panel">
            <ChannelForm staff={staff} />
          </aside>
        ) : null}
      </div>
    </div>
  );
}
