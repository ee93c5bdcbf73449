// The head of a direct conversation (shown by the thread page): its name, TLP:RED and what that means here, who takes
// part, and the JSON export. No channel, audience or moderation: a conversation belongs to its participants.
import { conversationName } from '../../api/messages.ts';
import { type ThreadView, threadExportUrl } from '../../api/forum.ts';
import { DateTime } from '../../components/date-time.tsx';
import { LiveIndicator } from '../../components/forum/live-indicator.tsx';
import { TlpBadge } from '../../components/tlp-badge.tsx';

/** The conversation's name and label, its participants (me marked) and when it started. */
export function ConversationHead({ view, myId }: { view: ThreadView; myId: string }) {
  const { thread } = view;
  return (
    <>
      <div className="notice-head">
        <TlpBadge tlp={thread.tlp} />
        <h1 id="thread-title">{conversationName(thread.title || null, thread.participants, myId)}</h1>
        <LiveIndicator />
      </div>
      <p className="tlp-rule">
        <strong>TLP:{thread.tlp}</strong> — only the people in this conversation read it, not their colleagues and not the ISAO&rsquo;s
        staff.
      </p>
      <dl className="details">
        <dt>Participants</dt>
        <dd>
          <ul className="participant-list" aria-label="Participants">
            {thread.participants.map((p) => (
              <li key={p.personId}>
                {p.name}
                {p.personId === myId ? ' (you)' : ''}, <span className="muted">{p.orgName}</span>
              </li>
            ))}
          </ul>
        </dd>
        <dt>Started</dt>
        <dd>
          <DateTime value={thread.createdAt} />
        </dd>
      </dl>
      <p className="forum-thread-tools">
        <a className="button button-small" href={threadExportUrl(thread.id)} download={`conversation-${thread.id}.json`}>
          Download JSON
        </a>
      </p>
    </>
  );
}
