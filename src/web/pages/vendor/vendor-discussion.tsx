// An external vendor's thread with the ISAO's coordinators: the posts as text (never HTML) and the box to write.
import { useState, type FormEvent } from 'react';
import { type VendorCaseView, usePostToCoordinators, useVendorThread } from '../../api/vendor-access.ts';
import { DateTime } from '../../components/date-time.tsx';
import { TextAreaField } from '../../components/fields.tsx';
import { ErrorBanner, Loading } from '../../components/messages.tsx';

const MAX_POST = 20_000;

function Composer({ view }: { view: VendorCaseView }) {
  const post = usePostToCoordinators(view);
  const [body, setBody] = useState('');
  const tooLong = body.length > MAX_POST;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim() || tooLong) return;
    post.mutate(body.trim(), { onSuccess: () => setBody('') });
  };
  return (
    <form className="form composer" onSubmit={submit} aria-label="Write to the coordinators">
      <TextAreaField
        label="Your message to the coordinators"
        name="body"
        rows={4}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        hint={tooLong ? <span className="text-danger">At most 20,000 characters.</span> : 'Plain text; line breaks are kept.'}
      />
      <ErrorBanner title="The message was not sent." error={post.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!body.trim() || tooLong || post.isPending}>
          {post.isPending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}

/** The "Discussion with the ISAO" panel. */
export function VendorDiscussion({ view }: { view: VendorCaseView }) {
  const thread = useVendorThread(view.id);
  return (
    <section className="panel" aria-labelledby="vendor-thread-title">
      <h2 id="vendor-thread-title">Discussion with the ISAO</h2>
      <p className="hint">Only the ISAO’s coordinators read this thread.</p>
      {thread.isPending ? <Loading what="Loading the messages" /> : null}
      <ErrorBanner title="Could not load the messages." error={thread.error} />
      {thread.data && thread.data.posts.length === 0 ? <p className="empty">No messages yet. Ask the coordinators anything here.</p> : null}
      {thread.data?.posts.length ? (
        <ol className="conversation" aria-label="Messages with the ISAO">
          {thread.data.posts.map((p) => (
            <li key={p.position} className={`msg ${p.fromCoordinator ? 'msg-coordinator msg-theirs' : 'msg-vendor msg-mine'}`}>
              <div className="msg-head">
                <strong className="msg-author">{p.fromCoordinator ? `${p.authorName}, ISAO coordinator` : p.authorName}</strong>
                <span className="muted small">
                  <DateTime value={p.createdAt} />
                </span>
              </div>
              <div className="msg-body">{p.body}</div>
            </li>
          ))}
        </ol>
      ) : null}
      <Composer view={view} />
    </section>
  );
}
