// The "Scheduled feeds" panel of the vulnerability data page: ISAO staff (coordinators and platform admins of the operator
// organisation) see the feeds and fetch one now; platform admins add, change and remove them. Nobody else sees the panel.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { ApiError } from '../../api/client.ts';
import { useFeeds } from '../../api/feeds.ts';
import { portfolioKey } from '../../api/portfolio.ts';
import type { Me } from '../../api/types.ts';
import { ErrorBanner, Loading } from '../../components/messages.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { hasAnyRole, isActiveMember, operatorStaffRoles } from '../../lib/roles.ts';
import { AddFeedForm } from './add-feed-form.tsx';
import { FeedItem } from './feed-item.tsx';

/** ISAO staff: coordinators and platform admins of the operator organisation. */
function isIsaoStaff(me: Me): boolean {
  return isActiveMember(me) && me.organisation.kind === 'operator' && hasAnyRole(me, operatorStaffRoles);
}

/** When a fetch ends, the loaded data (KEV, EPSS, records, last imports) and the findings have changed: ask for them again. */
function useRefreshWhenRunsEnd(runningIds: readonly string[] | undefined) {
  const queryClient = useQueryClient();
  const previous = useRef<readonly string[] | undefined>(undefined);
  useEffect(() => {
    if (runningIds === undefined) return;
    const ended = previous.current?.some((id) => !runningIds.includes(id)) ?? false;
    previous.current = runningIds;
    if (ended) {
      void queryClient.invalidateQueries({ queryKey: ['vulndb'] });
      void queryClient.invalidateQueries({ queryKey: portfolioKey });
    }
  }, [runningIds, queryClient]);
}

/** The panel, or nothing for people who may not see the feeds. */
export function FeedsPanel() {
  const me = useCurrentMe();
  const staff = isIsaoStaff(me);
  const admin = staff && hasAnyRole(me, ['platform_admin']);
  const feeds = useFeeds(staff);
  const runningKey = feeds.data?.items
    .filter((f) => f.running)
    .map((f) => f.id)
    .join(',');
  const runningIds = useMemo(() => (runningKey === undefined ? undefined : runningKey ? runningKey.split(',') : []), [runningKey]);
  useRefreshWhenRunsEnd(runningIds);

  if (!staff) return null;
  if (feeds.error instanceof ApiError && feeds.error.status === 403) return null;
  return (
    <section className="panel feeds-panel" aria-labelledby="scheduled-feeds-title">
      <h2 id="scheduled-feeds-title">Scheduled feeds</h2>
      <p className="hint">
        Files of vulnerability data and CSAF advisories that the server fetches on a schedule and imports, as{' '}
        <code>isao vulndb import</code> does. Times are in your time zone ({me.person.timeZone}).
      </p>
      {feeds.error && !feeds.data ? (
        <ErrorBanner title="Could not load the feeds." error={feeds.error} onRetry={() => void feeds.refetch()} />
      ) : !feeds.data ? (
        <Loading what="Loading the feeds" />
      ) : feeds.data.items.length === 0 ? (
        <p className="empty">{admin ? 'No feeds yet: add one below.' : 'No feeds are set up. Platform admins add them here.'}</p>
      ) : (
        <ul className="card-list feed-list">
          {feeds.data.items.map((feed) => (
            <FeedItem key={feed.id} feed={feed} admin={admin} timeZone={me.person.timeZone} />
          ))}
        </ul>
      )}
      {admin ? <AddFeedForm /> : null}
    </section>
  );
}
