// What changed since my last visit: how many change-log entries are new to me (counted when the page opens, and
// highlighted for as long as I stay) and how many messages I have not read. The change log counts as seen once the page
// has been open and visible for a few seconds, or when I leave it; later entries as soon as they are shown (so my own
// changes are not news to me).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type CaseDetail, type CaseThreads, postSeen, sendSeenOnLeave, threadsKey } from '../../api/cases.ts';
import { useCurrentMe } from '../../components/me-context.tsx';

const SEEN_AFTER_MS = 4000;

/** The entries new to me when the page opened (none on a first visit: then everything would be "new"). */
export interface VisitNews {
  count: number;
  positions: ReadonlySet<number>;
}

const maxPosition = (detail: CaseDetail) => detail.events.reduce((n, e) => Math.max(n, e.position), 0);

/** Takes the snapshot once both the case and its thread list are loaded, and marks the change log seen. */
export function useVisitNews(detail: CaseDetail, threads: CaseThreads | undefined, fetching: boolean): VisitNews | null {
  const queryClient = useQueryClient();
  const [news, setNews] = useState<VisitNews | null>(null);
  // The highest entry known to be seen: my mark, or everything shown when nothing was new.
  const seenUpTo = useRef(0);
  const shown = useRef(0);
  shown.current = maxPosition(detail);

  useEffect(() => {
    if (news || !threads || fetching) return;
    const newestFirst = detail.events.map((e) => e.position).sort((a, b) => b - a);
    // Every visible entry new (the case's first entry included): I never opened the case, so nothing is "since".
    const count = threads.newEvents >= newestFirst.length ? 0 : threads.newEvents;
    if (threads.newEvents === 0) seenUpTo.current = newestFirst[0] ?? 0;
    setNews({ count, positions: new Set(newestFirst.slice(0, count)) });
  }, [news, threads, fetching, detail.events]);

  const caseId = detail.id;
  const markSeen = useCallback(() => {
    const position = shown.current;
    if (position <= seenUpTo.current) return;
    seenUpTo.current = position;
    postSeen(caseId, { thread: 'events', position })
      .then((answer) => queryClient.setQueryData(threadsKey(caseId), answer))
      .catch(() => {
        seenUpTo.current = 0;
      });
  }, [caseId, queryClient]);

  // After a few seconds with the page visible; from then on, whatever appears in the log while I am here (my own
  // changes above all) is seen as soon as it is shown.
  const ready = news !== null;
  const [looked, setLooked] = useState(false);
  useEffect(() => {
    if (!ready) return;
    let timer: number | undefined;
    const start = () => {
      if (document.visibilityState === 'visible' && timer === undefined)
        timer = window.setTimeout(() => {
          markSeen();
          setLooked(true);
        }, SEEN_AFTER_MS);
    };
    start();
    document.addEventListener('visibilitychange', start);
    return () => {
      document.removeEventListener('visibilitychange', start);
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [ready, markSeen]);

  const latest = maxPosition(detail);
  useEffect(() => {
    if (looked) markSeen();
  }, [looked, latest, markSeen]);

  // On leaving the page: another page of the app, or unloading it (a reload, a closed tab).
  useEffect(() => () => markSeen(), [markSeen]);
  const csrfToken = useCurrentMe().csrfToken;
  useEffect(() => {
    if (!ready) return;
    const leave = () => {
      const position = shown.current;
      if (position <= seenUpTo.current) return;
      seenUpTo.current = position;
      sendSeenOnLeave(caseId, { thread: 'events', position }, csrfToken);
    };
    window.addEventListener('pagehide', leave);
    return () => window.removeEventListener('pagehide', leave);
  }, [ready, caseId, csrfToken]);
  return news;
}

function scrollTo(id: string) {
  document.getElementById(id)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

/** The line at the top of the case page; nothing when nothing is new. */
export function CaseNews({ news, unreadMessages }: { news: VisitNews | null; unreadMessages: number }) {
  const changes = news?.count ?? 0;
  if (!changes && !unreadMessages) return null;
  return (
    <div className="banner banner-info case-news" role="status">
      <div>
        {changes ? (
          <p>
            <strong>
              {changes} {changes === 1 ? 'change' : 'changes'} since your last visit
            </strong>
            , highlighted in the{' '}
            <button type="button" className="button-link" onClick={() => scrollTo('case-events')}>
              change log
            </button>
            .
          </p>
        ) : null}
        {unreadMessages ? (
          <p>
            <strong>
              {unreadMessages} unread {unreadMessages === 1 ? 'message' : 'messages'}
            </strong>{' '}
            in the{' '}
            <button type="button" className="button-link" onClick={() => scrollTo('case-discussion')}>
              discussion
            </button>
            .
          </p>
        ) : null}
      </div>
    </div>
  );
}
