// /notifications: mentions, replies, direct messages, retractions and corrections (newest first), mark all read, and how
// often to get an email digest of what is unread.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { digestChoices } from '../../../shared/api/notifications.ts';
import {
  type DigestChoice,
  type Notification,
  type NotificationKind,
  useMarkNotifications,
  useNotificationSettings,
  useNotifications,
  useSaveNotificationSettings,
} from '../../api/notifications.ts';
import { DateTime } from '../../components/date-time.tsx';
import { SelectField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { usePageTitle } from '../../lib/use-page-title.ts';

const kindWords: Record<NotificationKind, string> = {
  mention: 'mentioned you in',
  reply: 'replied in',
  retraction: 'retracted a post in',
  correction: 'corrected a post in',
  direct_message: 'wrote to you in',
};

const digestLabels: Record<DigestChoice, string> = {
  off: 'No email digest',
  hourly: 'Hourly digest of unread notifications',
  daily: 'Daily digest of unread notifications',
};

function NotificationItem({ n, onOpen }: { n: Notification; onOpen: (id: string) => void }) {
  const direct = n.kind === 'direct_message';
  const target = n.threadId ? `${direct ? '/messages' : '/forum/threads'}/${n.threadId}${n.postId ? `#post-${n.postId}` : ''}` : null;
  const title = n.threadTitle || (direct ? 'a direct conversation' : 'a thread');
  return (
    <li className={`card-item notification${n.read ? '' : ' notification-unread'}`}>
      <p>
        {!n.read ? <span className="pill pill-bad pill-tight notification-new">New</span> : null} <strong>{n.actorLabel}</strong>{' '}
        {kindWords[n.kind]}{' '}
        {target ? (
          <Link to={target} onClick={() => !n.read && onOpen(n.id)}>
            {title}
          </Link>
        ) : (
          title
        )}
      </p>
      <p className="muted small">
        <DateTime value={n.createdAt} />
      </p>
    </li>
  );
}

function DigestSetting() {
  const settings = useNotificationSettings();
  const save = useSaveNotificationSettings();
  const [saved, setSaved] = useState(false);
  return (
    <section className="panel" aria-labelledby="digest-title">
      <h2 id="digest-title">Email digest</h2>
      <QueryView query={settings} what="your settings">
        {(data) => (
          <>
            <SelectField
              label="Send me"
              value={data.digest}
              disabled={save.isPending}
              onChange={(e) => {
                setSaved(false);
                save.mutate({ digest: e.target.value as DigestChoice }, { onSuccess: () => setSaved(true) });
              }}
              hint="Digests name threads and who wrote, never the content of a post."
            >
              {digestChoices.map((c) => (
                <option key={c} value={c}>
                  {digestLabels[c]}
                </option>
              ))}
            </SelectField>
            {saved ? <SuccessMessage>Saved.</SuccessMessage> : null}
            <ErrorBanner title="The setting was not saved." error={save.error} />
          </>
        )}
      </QueryView>
    </section>
  );
}

/** The notifications page. */
export function NotificationsPage() {
  usePageTitle('Notifications');
  const list = useNotifications();
  const mark = useMarkNotifications();
  const unread = list.data?.unread ?? 0;
  return (
    <div className="page">
      <div className="title-row">
        <h1>Notifications</h1>
        <button type="button" className="button" disabled={!unread || mark.isPending} onClick={() => mark.mutate({ all: true })}>
          Mark all read
        </button>
      </div>
      <ErrorBanner title="Could not mark them read." error={mark.error} />
      <div className="split">
        <section className="panel" aria-label="Notifications">
          <QueryView query={list} what="your notifications">
            {(data) =>
              data.items.length ? (
                <ul className="card-list notification-list">
                  {data.items.map((n) => (
                    <NotificationItem key={n.id} n={n} onOpen={(id) => mark.mutate({ ids: [id] })} />
                  ))}
                </ul>
              ) : (
                <p className="empty">
                  Nothing yet. You are told here when someone mentions you, replies to you, writes to you directly, or corrects or retracts
                  a post you received.
                </p>
              )
            }
          </QueryView>
        </section>
        <DigestSetting />
      </div>
    </div>
  );
}
