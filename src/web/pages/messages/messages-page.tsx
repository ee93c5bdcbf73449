// /messages: my direct conversations, latest activity first, those with unread messages in bold with a count; a link
// to write a new message. Kept current by the live stream.
import { Link } from 'react-router-dom';
import { type Conversation, conversationName, useConversations } from '../../api/messages.ts';
import { DateTime } from '../../components/date-time.tsx';
import { LiveIndicator } from '../../components/forum/live-indicator.tsx';
import { UnreadCount } from '../../components/forum/unread-count.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { TlpBadge } from '../../components/tlp-badge.tsx';
import { isReadOnly } from '../../lib/roles.ts';
import { usePageTitle } from '../../lib/use-page-title.ts';

function ConversationItem({ c, myId }: { c: Conversation; myId: string }) {
  const others = c.participants.filter((p) => p.personId !== myId);
  // Untitled, the name already lists the people: their organisations say the rest.
  const who = c.title ? others.map((p) => `${p.name} (${p.orgName})`) : [...new Set(others.map((p) => p.orgName))];
  return (
    <li className={`notice-item conversation-item${c.unread ? ' thread-unread' : ''}`}>
      <TlpBadge tlp="RED" />
      <div className="notice-item-main">
        <Link to={`/messages/${c.id}`} className="notice-title">
          {conversationName(c.title, c.participants, myId)}
        </Link>
        <UnreadCount count={c.unread} what={['message', 'messages']} />
        <p className="notice-meta">
          {who.join(', ')}
          <span aria-hidden="true"> · </span>
          {c.posts} {c.posts === 1 ? 'message' : 'messages'}
          <span aria-hidden="true"> · </span>
          {c.lastPostMine ? 'you wrote last, ' : ''}
          <DateTime value={c.lastPostAt} />
        </p>
      </div>
    </li>
  );
}

/** The conversations page. */
export function MessagesPage() {
  usePageTitle('Messages');
  const me = useCurrentMe();
  const conversations = useConversations();
  return (
    <div className="page">
      <div className="title-row">
        <h1>Messages</h1>
        <LiveIndicator />
        {isReadOnly(me) ? null : (
          <Link to="/messages/new" className="button button-primary">
            New message
          </Link>
        )}
      </div>
      <p className="lead">
        Direct conversations with people of other member organisations. Each is <strong>TLP:RED</strong>: only its participants read it —
        not your colleagues, not the ISAO&rsquo;s staff — and email only ever says that something new is waiting.
      </p>
      <section className="panel" aria-labelledby="conversations-title">
        <h2 id="conversations-title">Conversations</h2>
        <QueryView query={conversations} what="your conversations">
          {(data) =>
            data.items.length ? (
              <ul className="notice-list" aria-label="Conversations">
                {data.items.map((c) => (
                  <ConversationItem key={c.id} c={c} myId={me.person.id} />
                ))}
              </ul>
            ) : (
              <p className="empty">No conversations yet.</p>
            )
          }
        </QueryView>
      </section>
    </div>
  );
}
