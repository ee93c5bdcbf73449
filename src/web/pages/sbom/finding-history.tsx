// The history of one finding: when it was found, closed, reopened, and every VEX decision with who made it.
import { useFindingHistory } from '../../api/findings.ts';
import type { FindingEvent } from '../../api/types.ts';
import { DateTime } from '../../components/date-time.tsx';
import { QueryView } from '../../components/query-view.tsx';
import { justificationText, vexStateLabels } from '../../lib/portfolio-labels.ts';

function stateLabel(state: string | null): string {
  if (!state) return '—';
  return state in vexStateLabels ? vexStateLabels[state as keyof typeof vexStateLabels].label : state;
}

const kindLabels: Record<string, string> = {
  'finding.opened': 'Found',
  'finding.reopened': 'Found again',
  'finding.closed': 'Closed: no longer matches',
  'finding.state': 'VEX decision',
};

function EventLine({ event }: { event: FindingEvent }) {
  const kind = kindLabels[event.kind] ?? event.kind;
  return (
    <li className="history-item">
      <div className="history-head">
        <strong>{kind}</strong>
        {event.fromState || event.toState ? (
          <span>
            {' '}
            {event.fromState ? `${stateLabel(event.fromState)} → ` : ''}
            {stateLabel(event.toState)}
          </span>
        ) : null}
      </div>
      <div className="muted small">
        <DateTime value={event.at} />
        {event.actorName ? ` · ${event.actorName}` : ' · OpenISAO'}
        {event.justification ? ` · ${justificationText(event.justification)}` : ''}
      </div>
      {event.detail ? <p className="history-detail">{event.detail}</p> : null}
    </li>
  );
}

/** "History" of the finding panel, oldest first as the server orders it. */
export function FindingHistoryList({ findingId }: { findingId: string }) {
  const history = useFindingHistory(findingId);
  return (
    <section aria-labelledby={`history-${findingId}`}>
      <h3 id={`history-${findingId}`}>History</h3>
      <QueryView query={history} what="the history">
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">No history yet.</p>
          ) : (
            <ol className="history" aria-label="Finding history">
              {data.items.map((event, index) => (
                <EventLine key={`${event.at}-${index}`} event={event} />
              ))}
            </ol>
          )
        }
      </QueryView>
    </section>
  );
}
