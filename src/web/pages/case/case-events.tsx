// A case's change log, newest first, in words: who did what when, with the note given. Entries new since my last
// visit are highlighted.
import type { CaseDetail } from '../../api/cases.ts';
import { DateTime } from '../../components/date-time.tsx';
import { describeEvent, eventNote } from './case-labels.ts';
import { sortedVulnerabilities } from './vulnerabilities-section.tsx';

/** The "Change log" panel; `fresh` holds the positions of the entries new to this reader. */
export function CaseEvents({ detail, fresh }: { detail: CaseDetail; fresh?: ReadonlySet<number> }) {
  const newestFirst = [...detail.events].sort((a, b) => b.position - a.position);
  const names = new Map(sortedVulnerabilities(detail).map((v, i) => [v.id, `V${i + 1} “${v.title}”`]));
  return (
    <section className="panel" id="case-events" aria-labelledby="case-events-title">
      <h2 id="case-events-title">Change log</h2>
      {newestFirst.length === 0 ? <p className="empty">Nothing recorded yet.</p> : null}
      <ol className="case-events">
        {newestFirst.map((event) => {
          const note = eventNote(event.detail);
          const isNew = fresh?.has(event.position) ?? false;
          return (
            <li key={event.position} className={isNew ? 'is-new' : undefined}>
              <span className="case-event-when">
                <DateTime value={event.at} />
                {isNew ? (
                  <span className="pill pill-tight case-event-new" title="New since your last visit">
                    New<span className="visually-hidden"> since your last visit</span>
                  </span>
                ) : null}
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
