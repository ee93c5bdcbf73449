// "3 new" next to a channel or thread that has posts the reader has not seen.

/** Nothing when zero; else a red badge whose screen-reader text names what is new. */
export function UnreadCount({ count, what }: { count: number; what: [string, string] }) {
  if (!count) return null;
  return (
    <span className="unread-badge">
      {count} <span className="unread-word">new</span>
      <span className="visually-hidden"> {count === 1 ? what[0] : what[1]}</span>
    </span>
  );
}
