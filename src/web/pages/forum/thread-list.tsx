// A channel's threads: pinned first, then by latest activity (the server's order), each with its TLP label,
// contributor, posts and how many are new to me.
import { Link } from 'react-router-dom';
import type { ThreadSummary } from '../../api/forum.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ContributorLabel } from '../../components/forum/contributor.tsx';
import { UnreadCount } from '../../components/forum/unread-count.tsx';
import { TlpBadge } from '../../components/tlp-badge.tsx';
import { isPast } from '../../lib/time.ts';

function ThreadItem({ thread }: { thread: ThreadSummary }) {
  return (
    <li className={`notice-item thread-item${thread.unread ? ' thread-unread' : ''}`}>
      <TlpBadge tlp={thread.tlp} />
      <div className="notice-item-main">
        <Link to={`/forum/threads/${thread.id}`} className="notice-title">
          {thread.title}
        </Link>
        {thread.pinned ? <span className="pill pill-tight">Pinned</span> : null}
        {thread.locked ? <span className="pill pill-off pill-tight">Locked</span> : null}
        {thread.hidden ? <span className="pill pill-bad pill-tight">Hidden</span> : null}
        <UnreadCount count={thread.unread} what={['post', 'posts']} />
        <p className="notice-meta">
          <ContributorLabel item={thread} />
          <span aria-hidden="true"> · </span>
          <span>
            {thread.posts} {thread.posts === 1 ? 'post' : 'posts'}
          </span>
          <span aria-hidden="true"> · </span>
          <span>
            last activity <DateTime value={thread.lastPostAt} />
          </span>
          {thread.embargoUntil && !isPast(thread.embargoUntil) ? (
            <>
              <span aria-hidden="true"> · </span>
              <span className="embargo">
                Embargoed until <DateTime value={thread.embargoUntil} />
              </span>
            </>
          ) : null}
        </p>
      </div>
    </li>
  );
}

/** The list, or a note when there is nothing yet. */
export function ThreadList({ threads }: { threads: ThreadSummary[] }) {
  if (threads.length === 0) return <p className="empty">No threads you may read here yet.</p>;
  return (
    <ul className="notice-list thread-list" aria-label="Threads">
      {threads.map((t) => (
        <ThreadItem key={t.id} thread={t} />
      ))}
    </ul>
  );
}
