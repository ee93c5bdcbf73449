// One scheduled feed: what it brings, from where, how often, its last run and next run; "Fetch now" for ISAO staff,
// enable/disable, change and delete (with confirmation) for platform admins.
import { useId, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { type Feed, useDeleteFeed, useRunFeed, useUpdateFeed } from '../../api/feeds.ts';
import { ErrorBanner } from '../../components/messages.tsx';
import { formatUtc } from '../../lib/time.ts';
import { EditFeedForm } from './edit-feed-form.tsx';
import { feedKindLabels, formatInZone, intervalWords, relativeWords, statusBadge } from './feed-format.ts';

/** A time in the person's time zone, UTC on hover, and how far from now. */
function ZonedTime({ value, timeZone }: { value: string; timeZone: string }) {
  return (
    <>
      <time dateTime={value} title={formatUtc(value)}>
        {formatInZone(value, timeZone)}
      </time>{' '}
      <span className="muted">({relativeWords(value)})</span>
    </>
  );
}

const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** "2.4 MB", "812 kB", "96 bytes". */
function sizeWords(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(0)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function LastRun({ feed, timeZone }: { feed: Feed; timeZone: string }) {
  const badge = statusBadge(feed.lastStatus);
  if (!feed.lastRunAt) return <span className={`pill pill-tight ${badge.className}`}>{badge.label}</span>;
  return (
    <>
      <span className={`pill pill-tight ${badge.className}`} data-testid="feed-status">
        {badge.label}
      </span>
      <ZonedTime value={feed.lastRunAt} timeZone={timeZone} />
      {feed.lastMessage ? (
        <div className={feed.lastStatus === 'failed' ? 'feed-message text-danger' : 'feed-message'}>{feed.lastMessage}</div>
      ) : null}
      {feed.lastBytes !== null && feed.lastStatus === 'imported' ? (
        <div className="small muted">{sizeWords(feed.lastBytes)} fetched</div>
      ) : null}
    </>
  );
}

function NextRun({ feed, timeZone }: { feed: Feed; timeZone: string }) {
  if (feed.running) return <span className="muted">after this fetch</span>;
  if (!feed.enabled) return <span className="muted">not scheduled: the feed is disabled</span>;
  return <ZonedTime value={feed.nextRunAt} timeZone={timeZone} />;
}

/** Enable/disable, change and delete (platform admins). */
function AdminActions({ feed, onEdit }: { feed: Feed; onEdit: () => void }) {
  const update = useUpdateFeed(feed.id);
  const remove = useDeleteFeed(feed.id);
  const [confirming, setConfirming] = useState(false);
  if (confirming) {
    return (
      <div className="feed-confirm" role="group" aria-label={`Delete ${feed.name}?`}>
        <span>
          Delete <strong>{feed.name}</strong>? What it imported stays.
        </span>
        <button type="button" className="button button-small button-danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
          Delete feed
        </button>
        <button type="button" className="button button-small" onClick={() => setConfirming(false)} disabled={remove.isPending}>
          Keep it
        </button>
        <ErrorBanner title="The feed was not deleted." error={remove.error} />
      </div>
    );
  }
  return (
    <>
      <button
        type="button"
        className="button button-small"
        onClick={() => update.mutate({ enabled: !feed.enabled })}
        disabled={update.isPending}
      >
        {feed.enabled ? 'Disable' : 'Enable'}
      </button>
      <button type="button" className="button button-small" onClick={onEdit}>
        Edit
      </button>
      <button type="button" className="button button-small button-danger-outline" onClick={() => setConfirming(true)}>
        Delete
      </button>
      <ErrorBanner title={feed.enabled ? 'The feed was not disabled.' : 'The feed was not enabled.'} error={update.error} />
    </>
  );
}

/** One feed as a card; `admin` shows the platform admins' controls. */
export function FeedItem({ feed, admin, timeZone }: { feed: Feed; admin: boolean; timeZone: string }) {
  const titleId = useId();
  const run = useRunFeed(feed.id);
  const [editing, setEditing] = useState(false);
  return (
    <li className={feed.enabled ? 'card-item feed' : 'card-item feed feed-disabled'}>
      <article aria-labelledby={titleId}>
        <div className="card-item-head feed-head">
          <span className="card-item-title" id={titleId}>
            {feed.name}
          </span>
          {feed.enabled ? null : <span className="pill pill-off">Disabled</span>}
          {feed.running ? (
            <span className="pill pill-warn feed-running" role="status">
              <span className="spinner" aria-hidden="true" /> Fetching…
            </span>
          ) : null}
        </div>
        <dl className="details feed-details">
          <dt>Brings</dt>
          <dd>{feedKindLabels[feed.kind]}</dd>
          <dt>From</dt>
          <dd>
            <code className="feed-url">{feed.url}</code>
          </dd>
          <dt>Schedule</dt>
          <dd>{capitalized(intervalWords(feed.intervalMinutes))}</dd>
          <dt>Last run</dt>
          <dd>
            <LastRun feed={feed} timeZone={timeZone} />
          </dd>
          <dt>Failures in a row</dt>
          <dd>
            {feed.consecutiveFailures > 0 ? (
              <span className="pill pill-tight pill-bad" title="Retried after 15 minutes, doubling each time, at most the interval.">
                {feed.consecutiveFailures}
              </span>
            ) : (
              <span className="muted">none</span>
            )}
          </dd>
          <dt>Next run</dt>
          <dd>
            <NextRun feed={feed} timeZone={timeZone} />
          </dd>
        </dl>
        {editing ? (
          <EditFeedForm feed={feed} onDone={() => setEditing(false)} />
        ) : (
          <div className="actions">
            <button
              type="button"
              className="button button-small button-primary"
              onClick={() => run.mutate()}
              disabled={feed.running || run.isPending}
            >
              {feed.running ? 'Fetching…' : 'Fetch now'}
            </button>
            {admin ? <AdminActions feed={feed} onEdit={() => setEditing(true)} /> : null}
          </div>
        )}
        {/* 409: someone (or the scheduler) is fetching it already; the list, asked again, shows it running. */}
        <ErrorBanner
          title="The feed was not fetched."
          error={run.error instanceof ApiError && run.error.status === 409 ? null : run.error}
        />
      </article>
    </li>
  );
}
