// The case's discussion: one thread per vendor between that vendor and the ISAO. ISAO staff see every vendor's thread
// as tabs with unread counts; a vendor sees only its own ("Discussion with the ISAO"), never another vendor's.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type CaseDetail, type CaseThreads, type CaseThreadSummary, threadsKey } from '../../api/cases.ts';
import { Tabs } from '../../components/tabs.tsx';
import { useCurrentMe } from '../../components/me-context.tsx';
import { mayAnswer } from './case-access.ts';
import { ThreadView } from './thread-view.tsx';

const readOnly = 'Your role is read-only: you can read the discussion, but not post in it.';

function Unread({ count }: { count: number }) {
  if (!count) return null;
  return (
    <span className="unread-badge">
      {count} <span className="unread-word">new</span>
      <span className="visually-hidden"> {count === 1 ? 'message' : 'messages'}</span>
    </span>
  );
}

function StaffThreads({ detail, threads }: { detail: CaseDetail; threads: CaseThreadSummary[] }) {
  const me = useCurrentMe();
  // The first thread with unread messages opens first (chosen once: it stays open after being read).
  const [chosen, setChosen] = useState<string | null>(() => threads.find((t) => t.unread > 0)?.orgId ?? null);
  if (threads.length === 0) return <p className="empty">Add a vendor to talk with it here. Each vendor has its own thread.</p>;
  const selected = threads.some((t) => t.orgId === chosen) ? chosen! : threads[0]!.orgId;
  return (
    <>
      <p className="hint">Each vendor reads only its own thread with the ISAO; no vendor sees another’s.</p>
      <Tabs
        label="Threads per vendor"
        selected={selected}
        onSelect={setChosen}
        tabs={threads.map((t) => ({
          key: t.orgId,
          label: (
            <>
              {t.orgName}
              <Unread count={t.unread} />
            </>
          ),
          panel: (
            <ThreadView
              key={t.orgId}
              caseId={detail.id}
              orgId={t.orgId}
              to={t.orgName}
              expected={t.posts}
              staff
              writable={mayAnswer(me)}
              readOnlyNote={readOnly}
            />
          ),
        }))}
      />
    </>
  );
}

/** The "Discussion" panel; `threads` is the case's thread list (shared with the "since your last visit" line). */
export function DiscussionSection({ detail, threads }: { detail: CaseDetail; threads: CaseThreads | undefined }) {
  const me = useCurrentMe();
  const staff = detail.myRole === 'coordinator';
  const mine = threads?.threads.find((t) => t.orgId === me.organisation.id) ?? threads?.threads[0];
  const unread = staff ? (threads?.threads.reduce((n, t) => n + t.unread, 0) ?? 0) : (mine?.unread ?? 0);
  // A vendor was added on this page: its thread joins the list.
  const queryClient = useQueryClient();
  const listed = threads?.threads.length;
  const vendors = detail.vendors.length;
  useEffect(() => {
    if (staff && listed !== undefined && listed !== vendors)
      void queryClient.invalidateQueries({ queryKey: threadsKey(detail.id), exact: true });
  }, [staff, listed, vendors, detail.id, queryClient]);
  return (
    <section className="panel case-discussion" id="case-discussion" aria-labelledby="case-discussion-title">
      <div className="panel-head">
        <h2 id="case-discussion-title">
          {staff ? 'Discussion with the vendors' : 'Discussion with the ISAO'}
          <Unread count={unread} />
        </h2>
      </div>
      {!threads ? null : staff ? (
        <StaffThreads detail={detail} threads={threads.threads} />
      ) : mine ? (
        <>
          <p className="hint">Only the ISAO’s coordinators and the people of {me.organisation.name} read this thread.</p>
          <ThreadView
            caseId={detail.id}
            orgId={mine.orgId}
            to="the ISAO"
            expected={mine.posts}
            staff={false}
            writable={mayAnswer(me)}
            readOnlyNote={readOnly}
          />
        </>
      ) : (
        <p className="empty">No discussion yet.</p>
      )}
    </section>
  );
}
