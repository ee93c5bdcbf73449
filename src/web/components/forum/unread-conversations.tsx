// The count next to "Messages" in the navigation: conversations with messages I have not read.
import { useUnreadConversations } from '../../api/messages.ts';

/** Nothing when all is read; else the number, named for screen readers. */
export function UnreadConversations() {
  const unread = useUnreadConversations();
  if (!unread) return null;
  return (
    <span className="nav-count" data-testid="messages-unread">
      {unread}
      <span className="visually-hidden"> {unread === 1 ? 'conversation' : 'conversations'} with unread messages</span>
    </span>
  );
}
