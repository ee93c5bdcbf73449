// A small "Live" / "Reconnecting…" note for the forum pages: whether new posts appear without reloading.
import { useStreamStatus } from '../../lib/use-event-stream.ts';

const words = {
  live: { text: 'Live', hint: 'New posts appear here as they are written.' },
  connecting: { text: 'Connecting…', hint: 'Connecting to live updates.' },
  reconnecting: { text: 'Reconnecting…', hint: 'The live connection dropped; nothing is missed once it is back.' },
  off: { text: 'Not live', hint: 'Live updates are off: reload the page to see new posts.' },
} as const;

/** The state of the tab's live connection. */
export function LiveIndicator() {
  const status = useStreamStatus();
  const { text, hint } = words[status];
  return (
    <span className={`live-indicator live-${status}`} role="status" title={hint}>
      <span className="live-dot" aria-hidden="true" />
      {text}
    </span>
  );
}
