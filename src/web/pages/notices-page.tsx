// /notices: the notice feed with TLP filter and "Load more", and the form to share a notice.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { tlpLevels, type Tlp } from '../../shared/vocabulary.ts';
import { useNoticeFeed } from '../api/notices.ts';
import { SelectField } from '../components/fields.tsx';
import { useCurrentMe } from '../components/me-context.tsx';
import { InfoBox, SuccessMessage } from '../components/messages.tsx';
import { NoticeForm } from '../components/notice-form.tsx';
import { NoticeList } from '../components/notice-list.tsx';
import { QueryView } from '../components/query-view.tsx';
import type { Notice } from '../api/types.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { LoadMore } from '../components/load-more.tsx';

/** The notices page. */
export function NoticesPage() {
  usePageTitle('Notices');
  const me = useCurrentMe();
  const [tlp, setTlp] = useState<Tlp | ''>('');
  const feed = useNoticeFeed(tlp || undefined);
  const [shared, setShared] = useState<{ notice: Notice; count: number } | null>(null);
  const onShared = (notice: Notice) => setShared((s) => ({ notice, count: (s?.count ?? 0) + 1 }));
  const readOnly = me.person.roles.every((role) => role === 'read_only');
  return (
    <div className="page">
      <h1>Notices</h1>
      <div className="split">
        <section aria-labelledby="feed-title" className="panel">
          <div className="panel-head">
            <h2 id="feed-title">Shared with you</h2>
            <SelectField label="Filter by label" value={tlp} onChange={(e) => setTlp(e.target.value as Tlp | '')}>
              <option value="">All labels</option>
              {tlpLevels.map((level) => (
                <option key={level} value={level}>
                  TLP:{level}
                </option>
              ))}
            </SelectField>
          </div>
          <QueryView query={feed} what="notices">
            {(data) => (
              <>
                <NoticeList notices={data.pages.flatMap((page) => page.items)} />
                <LoadMore query={feed} />
              </>
            )}
          </QueryView>
        </section>
        <aside className="panel">
          {readOnly ? (
            <InfoBox title="Read-only access.">Your role lets you read notices but not share them.</InfoBox>
          ) : (
            <>
              <h2 id="share-title">Share a notice</h2>
              {shared ? (
                <SuccessMessage>
                  Shared: <Link to={`/notices/${shared.notice.id}`}>{shared.notice.title}</Link>
                </SuccessMessage>
              ) : null}
              <NoticeForm key={shared?.count ?? 0} onShared={onShared} />
            </>
          )}
        </aside>
      </div>
    </div>
  );
}
