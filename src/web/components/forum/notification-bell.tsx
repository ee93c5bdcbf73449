// The bell in the header: how many notifications are unread, kept current by the live stream.
import { NavLink } from 'react-router-dom';
import { useNotifications } from '../../api/notifications.ts';

/** A link to /notifications with the unread count. */
export function NotificationBell() {
  const notifications = useNotifications();
  const unread = notifications.data?.unread ?? 0;
  const label = unread ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <NavLink to="/notifications" className="userbox-link bell" aria-label={label} title={label}>
      <svg className="bell-icon" aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      {unread ? (
        <span className="bell-count" aria-hidden="true" data-testid="bell-count">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </NavLink>
  );
}
