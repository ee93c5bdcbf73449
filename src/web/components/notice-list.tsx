// A list of notices: TLP badge, title, contributor (or its anonymous label), date.
import { Link } from 'react-router-dom';
import type { Notice } from '../api/types.ts';
import { DateTime } from './date-time.tsx';
import { TlpBadge } from './tlp-badge.tsx';

/** Who shared a notice, as the reader may see it. */
export function contributorText(notice: Notice): string {
  if (!notice.contributor) return notice.contributorLabel;
  const person = notice.contributor.personName ? `${notice.contributor.personName}, ` : '';
  return `${person}${notice.contributor.orgName}${notice.anonymous ? ' (shared anonymously)' : ''}`;
}

/** The notices as a list of links to their detail pages. */
export function NoticeList({ notices }: { notices: Notice[] }) {
  if (notices.length === 0) return <p className="empty">No notices yet.</p>;
  return (
    <ul className="notice-list">
      {notices.map((notice) => (
        <li key={notice.id} className="notice-item">
          <TlpBadge tlp={notice.tlp} />
          <div className="notice-item-main">
            <Link to={`/notices/${notice.id}`} className="notice-title">
              {notice.title}
            </Link>
            <p className="notice-meta">
              <span>{contributorText(notice)}</span>
              <span aria-hidden="true"> · </span>
              <DateTime value={notice.createdAt} />
              {notice.embargoUntil ? (
                <>
                  <span aria-hidden="true"> · </span>
                  <span className="embargo">
                    Embargoed until <DateTime value={notice.embargoUntil} />
                  </span>
                </>
              ) : null}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
