// A report's conversation, as the reporter or a coordinator sees it: messages are text (line breaks kept), never HTML;
// internal notes are marked as such; the reporter sees "ISAO coordinator", never a name. A reply that arrived
// OpenPGP-encrypted is marked; coordinators read it decrypted and may download the original, the reporter sees its size.
import type { ReportMessage } from '../../api/reports.ts';
import { DateTime } from '../../components/date-time.tsx';

type Viewer = 'reporter' | 'coordinator';

function author(message: ReportMessage, viewer: Viewer, contactName: string): string {
  if (message.from === 'system') return 'OpenISAO';
  if (message.from === 'reporter') {
    if (viewer === 'reporter') return 'You';
    return contactName ? `Reporter (${contactName})` : 'Reporter';
  }
  if (viewer === 'coordinator' && message.authorName) return `${message.authorName}, ISAO coordinator`;
  return 'ISAO coordinator';
}

export function Conversation({
  messages,
  viewer,
  unread = 0,
  contactName = '',
  originalUrl,
}: {
  messages: ReportMessage[];
  viewer: Viewer;
  /** The last `unread` reporter messages are marked new (coordinators). */
  unread?: number;
  contactName?: string;
  /** Where coordinators download the armored original of an encrypted reply. */
  originalUrl?: (messageId: string) => string;
}) {
  if (messages.length === 0) return <p className="empty">No messages yet.</p>;
  const reporterIds = messages.filter((m) => m.from === 'reporter').map((m) => m.id);
  const fresh = new Set(unread > 0 ? reporterIds.slice(-unread) : []);
  return (
    <ol className="conversation" aria-label="Messages">
      {messages.map((m) => (
        <li key={m.id} className={`msg msg-${m.from}${m.internal ? ' msg-internal' : ''}`}>
          <div className="msg-head">
            <strong className="msg-author">{author(m, viewer, contactName)}</strong>
            <span className="muted small">
              <DateTime value={m.createdAt} />
            </span>
            {m.internal ? <span className="pill pill-warn msg-flag">Internal — the reporter never sees this</span> : null}
            {fresh.has(m.id) ? <span className="pill pill-bad msg-flag">New</span> : null}
            {m.encrypted ? <span className="pill pill-pgp msg-flag">OpenPGP-encrypted</span> : null}
            {m.encrypted && originalUrl ? (
              <a className="small msg-original" href={originalUrl(m.id)} download>
                Download the original (.asc)
              </a>
            ) : null}
          </div>
          {m.encrypted && viewer === 'reporter' ? (
            <p className="msg-body muted">
              Encrypted message received ({m.encrypted.characters.toLocaleString()} characters). Not shown here, so a leaked tracking link
              does not reveal it.
            </p>
          ) : (
            <div className="msg-body">{m.body}</div>
          )}
        </li>
      ))}
    </ol>
  );
}
