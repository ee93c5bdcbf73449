// A case's change log, newest first, in words: who did what when, with the note given.
import type { CaseDetail } from '../../api/cases.ts';
import { DateTime } from '../../components/date-time.tsx';
import { describeEvent, eventNote } from './case-labels.ts';
import { sortedVulnerabilities } from './vulnerabilities-section.tsx';

/** The "Change log" panel. */
export function CaseEvents({ detail }: { detail: CaseDetail }) {
  const newestFirst = [...detail.events].sort((a, b) => b.position - a.position);
  const names = new Map(sortedVulnerabilities(detail).map((v, i) => [v.id, `V${i + 1} “${v.title}”`]));
  return (
    <section className="panel" aria-labelledby="case-events-title">
      <h2 id="case-events-title">Change log</h2>
      {newestFirst.length === 0 ? <p className="empty">Nothing recorded yet.</p> : null}
      <ol className="case-events">
        {newestFirst.map((event) => {
          const note = eventNote(event.detail);
          return (
            <li key={event.position}>
              <span className="case-event-when">
                <DateTime value={event.at} />
              </span>
              <span className="case-event-what">
                <strong>{event.actorName ?? 'OpenISAO'}</strong> · {describeEvent(event.kind, event.detail, names)}
                {note ? <span className="case-event-note">“{note}”</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
