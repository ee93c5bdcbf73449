// /forum/threads/:id: one thread. Its label and who started it, its posts (new ones since my last visit highlighted,
// and those written while I am here), the reply box (or why I cannot reply), moderator controls, and a JSON export.
// New, edited and retracted posts arrive through the live stream; the thread is marked read up to its last post.
// /messages/:id shows a direct conversation the same way, with its participants instead of channel and audience.
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { tlpDescriptions } from '../../../shared/tlp.ts';
import { audienceLabels } from '../../../shared/vocabulary.ts';
import { type ThreadView, threadExportUrl, useMarkThreadRead, useThread } from '../../api/forum.ts';
import { conversationName } from '../../api/messages.ts';
import { useOrganisations } from '../../api/organisations.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ContributorLabel } from '../../components/forum/contributor.tsx';
import { LiveIndicator } from '../../components/forum/live-indicator.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { InfoBox } from '../../components/messages.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { TlpBadge } from '../../components/tlp-badge.tsx';
import { hasAnyRole, isReadOnly } from '../../lib/roles.ts';
import { isPast } from '../../lib/time.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';
import { ConversationHead } from '../messages/conversation-head.tsx';
import { PostItem } from './post-item.tsx';
import { MessageComposer, ReplyComposer } from './reply-composer.tsx';
import { ThreadModeration } from './thread-moderation.tsx';

/** The recipients, shown to the contributing organisation only. */
function Recipients({ view }: { view: ThreadView }) {
  const organisations = useOrganisations();
  const recipients = view.thread.recipients;
  if (!recipients) return null;
  const names = new Map((organisations.data?.items ?? []).map((org) => [org.id, org.name]));
  const { orgIds, personIds, groupId } = recipients;
  if (!orgIds.length && !personIds.length && !groupId) return null;
  const parts = [
    ...orgIds.map((id) => names.get(id) ?? `organisation ${id.slice(0, 8)}`),
    ...(personIds.length ? [`${personIds.length} named ${personIds.length === 1 ? 'person' : 'people'}`] : []),
    ...(groupId ? ['the channel’s sharing group'] : []),
  ];
  return (
    <>
      <dt>Recipients</dt>
      <dd>
        {parts.join(', ')} <span className="muted small">(only your organisation sees this list)</span>
      </dd>
    </>
  );
}

/** Post ids to highlight: new since my last visit, or arrived while I am here and not mine (a live copy may not say "mine"). */
function useFreshPosts(view: ThreadView, myId: string): ReadonlySet<string> {
  const firstSeen = useRef<Set<string> | null>(null);
  firstSeen.current ??= new Set(view.posts.map((p) => p.id));
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set(view.posts.filter((p) => p.isNew && !p.mine).map((p) => p.id)));
  const key = view.posts
    .filter((p) => (p.isNew || !firstSeen.current!.has(p.id)) && !p.mine && p.contributor?.personId !== myId)
    .map((p) => p.id)
    .join(',');
  useEffect(() => {
    if (!key) return;
    setFresh((old) => {
      const ids = key.split(',');
      return ids.every((id) => old.has(id)) ? old : new Set([...old, ...ids]);
    });
  }, [key]);
  return fresh;
}

/** Tells the server I have seen the thread up to its last post, whenever that grows. */
function useMarkRead(view: ThreadView) {
  const { mutate } = useMarkThreadRead(view.thread.id, view.thread.channelId, view.thread.direct);
  const marked = useRef(view.lastReadPosition);
  const last = view.posts.at(-1)?.position ?? 0;
  useEffect(() => {
    if (last <= marked.current) return;
    marked.current = last;
    mutate(last);
  }, [last, mutate]);
}

/** A link to one post (#post-<id>, from search or a notification) scrolls to it once the thread is shown. */
function useScrollToPost() {
  const { hash } = useLocation();
  useEffect(() => {
    if (hash.startsWith('#post-')) document.getElementById(hash.slice(1))?.scrollIntoView({ block: 'center' });
  }, [hash]);
}

/** A forum thread's label, state, who started it, its audience and recipients, and the JSON export. */
function ThreadHead({ view }: { view: ThreadView }) {
  const { thread } = view;
  return (
    <>
      <div className="notice-head">
        <TlpBadge tlp={thread.tlp} />
        <h1 id="thread-title">{thread.title}</h1>
        {thread.pinned ? <span className="pill">Pinned</span> : null}
        {thread.locked ? <span className="pill pill-off">Locked</span> : null}
        {thread.hidden ? <span className="pill pill-bad">Hidden</span> : null}
        <LiveIndicator />
      </div>
      <p className="tlp-rule">
        <strong>TLP:{thread.tlp}</strong> — {tlpDescriptions[thread.tlp]}
      </p>
      {thread.embargoUntil && !isPast(thread.embargoUntil) ? (
        <InfoBox title="Embargoed.">
          Do not act on or publish this before <DateTime value={thread.embargoUntil} />.
        </InfoBox>
      ) : null}
      <dl className="details">
        <dt>Started by</dt>
        <dd>
          <ContributorLabel item={thread} />, <DateTime value={thread.createdAt} />
        </dd>
        <dt>Audience</dt>
        <dd>{thread.tlp === 'RED' ? 'Named people only' : audienceLabels[thread.audience]}</dd>
        <Recipients view={view} />
      </dl>
      <p className="forum-thread-tools">
        <a className="button button-small" href={threadExportUrl(thread.id)} download={`thread-${thread.id}.json`}>
          Download JSON
        </a>
      </p>
    </>
  );
}

function Thread({ view }: { view: ThreadView }) {
  const me = useCurrentMe();
  const { thread, posts } = view;
  const fresh = useFreshPosts(view, me.person.id);
  useMarkRead(view);
  useScrollToPost();
  usePageTitle(thread.direct ? conversationName(thread.title || null, thread.participants, me.person.id) : thread.title);
  const platformAdmin = hasAnyRole(me, ['platform_admin']);
  return (
    <article aria-labelledby="thread-title" className="forum-thread">
      {thread.direct ? <ConversationHead view={view} myId={me.person.id} /> : <ThreadHead view={view} />}
      {thread.canModerate ? <ThreadModeration thread={thread} /> : null}
      <section className="forum-posts-section" aria-label={thread.direct ? 'Messages' : 'Posts'}>
        <ol className="conversation forum-posts">
          {posts.map((p) => (
            <PostItem
              key={p.id}
              post={p}
              fresh={fresh.has(p.id)}
              canModerate={thread.canModerate}
              platformAdmin={platformAdmin}
              direct={thread.direct}
              canMessage={!thread.direct && !isReadOnly(me)}
            />
          ))}
        </ol>
      </section>
      {thread.locked ? (
        <InfoBox title="This thread is locked.">The moderators have closed it: you can read it, but no one can reply any more.</InfoBox>
      ) : thread.canPost ? (
        thread.direct ? (
          <MessageComposer thread={thread} />
        ) : (
          <ReplyComposer thread={thread} />
        )
      ) : (
        <InfoBox title="You cannot reply here.">
          {thread.direct
            ? 'Your role lets you read the messages sent to you but not write any.'
            : 'Your role lets you read the forum but not write in it.'}
        </InfoBox>
      )}
    </article>
  );
}

/** The thread page (a forum thread, or a direct conversation). */
export function ThreadPage() {
  const id = useParams().id ?? '';
  const thread = useThread(id);
  const { pathname } = useLocation();
  const direct = thread.data?.thread.direct ?? pathname.startsWith('/messages/');
  return (
    <div className="page forum-thread-page">
      <p className="breadcrumb">
        {direct ? (
          <Link to="/messages">Messages</Link>
        ) : thread.data ? (
          <Link to={`/forum/channels/${thread.data.thread.channelId}`}>{thread.data.thread.channelName}</Link>
        ) : (
          <Link to="/forum">Forum</Link>
        )}
      </p>
      <QueryView
        query={thread}
        what={direct ? 'the conversation' : 'the thread'}
        notFound={direct ? 'There is no such conversation, or you may not read it.' : 'There is no such thread, or you may not read it.'}
      >
        {(view) => <Thread key={view.thread.id} view={view} />}
      </QueryView>
    </div>
  );
}
