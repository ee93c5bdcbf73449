// /forum/moderation: posts members reported, for ISAO staff: open reports first; each is resolved with a note and,
// if needed, by hiding the post.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { type PostFlag, useFlags, useResolveFlag } from '../../api/forum.ts';
import { DateTime } from '../../components/date-time.tsx';
import { CheckboxField, TextField } from '../../components/fields.tsx';
import { ErrorBanner } from '../../components/messages.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { usePageTitle } from '../../lib/use-page-title.ts';

function Resolve({ flag }: { flag: PostFlag }) {
  const resolve = useResolveFlag(flag.id);
  const [resolution, setResolution] = useState('');
  const [hidePost, setHidePost] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (resolution.trim().length >= 3) resolve.mutate({ resolution: resolution.trim(), ...(hidePost ? { hidePost: true } : {}) });
  };
  return (
    <form className="form subform" onSubmit={submit} aria-label={`Resolve the report on “${flag.threadTitle}”`}>
      <TextField
        label="Resolution"
        value={resolution}
        required
        minLength={3}
        maxLength={1000}
        onChange={(e) => setResolution(e.target.value)}
      />
      {!flag.postHidden ? <CheckboxField label="Hide the post" checked={hidePost} onChange={(e) => setHidePost(e.target.checked)} /> : null}
      <ErrorBanner title="The report was not resolved." error={resolve.error} />
      <div className="actions">
        <button type="submit" className="button button-primary button-small" disabled={resolution.trim().length < 3 || resolve.isPending}>
          Resolve
        </button>
      </div>
    </form>
  );
}

function FlagItem({ flag }: { flag: PostFlag }) {
  return (
    <li className="card-item flag-item">
      <div className="card-item-head">
        <Link to={`/forum/threads/${flag.threadId}#post-${flag.postId}`} className="card-item-title">
          {flag.threadTitle}
        </Link>
        {flag.resolvedAt ? <span className="pill pill-ok">Resolved</span> : <span className="pill pill-warn">Open</span>}
        {flag.postHidden ? <span className="pill pill-off">Post hidden</span> : null}
      </div>
      <p className="prewrap">{flag.reason}</p>
      <p className="muted small">
        Reported by {flag.reporterName}, <DateTime value={flag.createdAt} />
      </p>
      {flag.resolvedAt ? (
        <p className="small">
          Resolved <DateTime value={flag.resolvedAt} />: {flag.resolution}
        </p>
      ) : (
        <Resolve flag={flag} />
      )}
    </li>
  );
}

/** The moderation queue. */
export function ModerationPage() {
  usePageTitle('Forum moderation');
  const flags = useFlags();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/forum">Forum</Link>
      </p>
      <h1>Moderation queue</h1>
      <p className="lead">Posts members reported to the moderators. Hiding a post keeps it in the audit log.</p>
      <section className="panel" aria-label="Reports">
        <QueryView query={flags} what="the reports">
          {(data) => {
            const items = [...data.items].sort((a, b) => Number(Boolean(a.resolvedAt)) - Number(Boolean(b.resolvedAt)));
            return items.length ? (
              <ul className="card-list">
                {items.map((f) => (
                  <FlagItem key={f.id} flag={f} />
                ))}
              </ul>
            ) : (
              <p className="empty">No reports. Nothing to moderate.</p>
            );
          }}
        </QueryView>
      </section>
    </div>
  );
}
