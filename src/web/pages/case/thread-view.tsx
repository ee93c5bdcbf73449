// One vendor thread of a case: the posts as text (line breaks kept, never HTML), those new to me highlighted for as long
// as I stay, marked seen once the end of the thread has been on screen; the post box for people who may write.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { type CasePost, useCaseThread, useMarkSeen, usePostInThread } from '../../api/cases.ts';
import { DateTime } from '../../components/date-time.tsx';
import { TextAreaField } from '../../components/fields.tsx';
import { ErrorBanner, Loading } from '../../components/messages.tsx';

const MAX_POST = 20_000;

function Post({ post, fresh, staff }: { post: CasePost; fresh: boolean; staff: boolean }) {
  const who = post.fromCoordinator ? `${post.authorName}, ISAO coordinator` : `${post.authorName}, ${post.authorOrg}`;
  const side = post.fromCoordinator === staff ? 'msg-mine' : 'msg-theirs';
  return (
    <li className={`msg ${post.fromCoordinator ? 'msg-coordinator' : 'msg-vendor'} ${side}${fresh ? ' msg-new' : ''}`}>
      <div className="msg-head">
        <strong className="msg-author">{who}</strong>
        <span className="muted small">
          <DateTime value={post.createdAt} />
        </span>
        {fresh ? <span className="pill pill-bad msg-flag">New</span> : null}
      </div>
      <div className="msg-body">{post.body}</div>
    </li>
  );
}

function PostBox({ caseId, orgId, to }: { caseId: string; orgId: string; to: string }) {
  const post = usePostInThread(caseId, orgId);
  const [body, setBody] = useState('');
  const tooLong = body.length > MAX_POST;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim() || tooLong) return;
    post.mutate(body.trim(), { onSuccess: () => setBody('') });
  };
  return (
    <form className="form composer" onSubmit={submit} aria-label={`Write to ${to}`}>
      <TextAreaField
        label={`Your message to ${to}`}
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

/** Marks the thread seen up to `last` once `target` has been on screen for a moment (at once without IntersectionObserver). */
function useSeenWhenShown(caseId: string, orgId: string, last: number, pending: boolean) {
  const target = useRef<HTMLDivElement>(null);
  const marked = useRef(0);
  const markSeen = useMarkSeen(caseId);
  const { mutate } = markSeen;
  useEffect(() => {
    const el = target.current;
    if (!pending || last <= marked.current || !el) return;
    const mark = () => {
      marked.current = last;
      mutate({ thread: orgId, position: last });
    };
    if (typeof IntersectionObserver === 'undefined') {
      mark();
      return;
    }
    let timer: number | undefined;
    const observer = new IntersectionObserver((entries) => {
      const visible = entries.some((e) => e.isIntersecting);
      if (visible && timer === undefined) timer = window.setTimeout(mark, 800);
      if (!visible && timer !== undefined) {
        window.clearTimeout(timer);
        timer = undefined;
      }
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [caseId, orgId, last, pending, mutate]);
  return target;
}

/** One thread with its post box (`to` names who the writer talks to; `writable` false hides the box). */
export function ThreadView({
  caseId,
  orgId,
  to,
  expected,
  staff,
  writable,
  readOnlyNote,
}: {
  caseId: string;
  orgId: string;
  to: string;
  /** How many posts the thread list counts: more than shown means someone wrote meanwhile. */
  expected: number;
  staff: boolean;
  writable: boolean;
  readOnlyNote: string;
}) {
  const thread = useCaseThread(caseId, orgId);
  const { refetch, isFetching } = thread;
  const loaded = thread.data?.posts.length;
  useEffect(() => {
    if (loaded !== undefined && expected > loaded && !isFetching) void refetch();
  }, [expected, loaded, isFetching, refetch]);
  // Posts that were new when shown stay highlighted while I am here, even after they are marked seen.
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());
  const posts = thread.data?.posts ?? [];
  const newPositions = posts.filter((p) => p.new).map((p) => p.position);
  const newKey = newPositions.join(',');
  useEffect(() => {
    if (!newKey) return;
    setFresh((old) => new Set([...old, ...newKey.split(',').map(Number)]));
  }, [newKey]);
  const last = posts.at(-1)?.position ?? 0;
  const end = useSeenWhenShown(caseId, orgId, last, newPositions.length > 0);
  if (thread.isPending) return <Loading what="Loading the messages" />;
  return (
    <div className="case-thread">
      <ErrorBanner title="Could not load the messages." error={thread.error} onRetry={() => void thread.refetch()} />
      {posts.length === 0 && !thread.error ? <p className="empty">No messages yet.</p> : null}
      {posts.length ? (
        <ol className="conversation" aria-label={`Messages with ${to}`}>
          {posts.map((p) => (
            <Post key={p.position} post={p} fresh={fresh.has(p.position)} staff={staff} />
          ))}
        </ol>
      ) : null}
      <div ref={end} className="case-thread-end" />
      {writable ? <PostBox caseId={caseId} orgId={orgId} to={to} /> : <p className="hint">{readOnlyNote}</p>}
    </div>
  );
}
