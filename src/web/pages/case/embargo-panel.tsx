// A case's embargo: everyone in the case sees when it ends — a countdown, the time in their own time zone and in UTC;
// ISAO staff set, move or lift it (the time is entered in their time zone and shown in UTC before saving).
import { useEffect, useState, type FormEvent } from 'react';
import { type CaseDetail, useUpdateCase } from '../../api/cases.ts';
import { useCurrentMe } from '../../components/me-context.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { durationWords, formatInZone, formatUtcShort, isUtc, isoToZonedInput, usableZone, zonedInputToIso } from './embargo-time.ts';

/** The current time, refreshed every `ms` (for the countdown). */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

/** The countdown and the end of the embargo in the reader's zone and in UTC (also on an external vendor's page). */
export function EmbargoLine({ until, zone }: { until: string; zone: string }) {
  const now = useNow(30_000);
  const left = new Date(until).getTime() - now;
  return (
    <div className="embargo-line">
      <p className="embargo-countdown">
        {left > 0 ? (
          <>
            Embargo ends in <strong>{durationWords(left)}</strong>
          </>
        ) : (
          <>
            The embargo ended <strong>{durationWords(left)}</strong> ago
          </>
        )}
      </p>
      {isUtc(zone) ? (
        <p className="embargo-times">
          <time dateTime={until}>{formatUtcShort(until)}</time> <span className="muted">(your time zone is UTC)</span>
        </p>
      ) : (
        <p className="embargo-times">
          <time dateTime={until}>{formatInZone(until, zone)}</time> <span className="muted">your time ({zone})</span>
          <span className="embargo-sep" aria-hidden="true">
            ·
          </span>
          <span className="nowrap">{formatUtcShort(until)}</span>
        </p>
      )}
    </div>
  );
}

function EmbargoForm({ detail, zone, onDone }: { detail: CaseDetail; zone: string; onDone: (text: string | null) => void }) {
  const update = useUpdateCase(detail.id);
  const [local, setLocal] = useState(() => (detail.embargoUntil ? isoToZonedInput(detail.embargoUntil, zone) : ''));
  const iso = zonedInputToIso(local, zone);
  const past = iso !== undefined && new Date(iso).getTime() <= Date.now();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!iso || past) return;
    update.mutate({ embargoUntil: iso }, { onSuccess: () => onDone('The embargo was set. Everyone in the case sees it.') });
  };
  const lift = () => update.mutate({ embargoUntil: null }, { onSuccess: () => onDone('The embargo was lifted.') });
  return (
    <form className="form subform" onSubmit={submit} aria-label="Embargo date">
      <div className="field">
        <label htmlFor="embargo-until">Embargo ends (your time zone, {zone})</label>
        <input
          id="embargo-until"
          name="embargoUntil"
          type="datetime-local"
          value={local}
          onChange={(e) => setLocal(e.target.value)}
          aria-describedby="embargo-until-hint"
          aria-invalid={past || undefined}
          required
        />
        <p className="hint" id="embargo-until-hint">
          {past ? (
            <span className="text-danger">The end of an embargo lies in the future.</span>
          ) : iso ? (
            <>That is {formatUtcShort(iso)}. Everyone in the case is reminded by email 48 hours before.</>
          ) : (
            'When the vulnerability may be made public. Everyone in the case is reminded by email 48 hours before.'
          )}
        </p>
      </div>
      <ErrorBanner title="The embargo was not changed." error={update.error} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={!iso || past || update.isPending}>
          {update.isPending ? 'Saving…' : detail.embargoUntil ? 'Move the embargo' : 'Set the embargo'}
        </button>
        {detail.embargoUntil ? (
          <button type="button" className="button button-danger-outline" onClick={lift} disabled={update.isPending}>
            Lift the embargo
          </button>
        ) : null}
        <button type="button" className="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The "Embargo" panel: nothing for a vendor while no embargo is set. */
export function EmbargoPanel({ detail }: { detail: CaseDetail }) {
  const me = useCurrentMe();
  const zone = usableZone(me.person.timeZone);
  const staff = detail.myRole === 'coordinator' && detail.state !== 'closed';
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  if (!detail.embargoUntil && !staff) return null;
  return (
    <section className={`panel case-embargo${detail.embargoUntil ? ' has-embargo' : ''}`} aria-labelledby="case-embargo-title">
      <div className="panel-head">
        <h2 id="case-embargo-title">Embargo</h2>
        {staff && !editing ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setDone(null);
              setEditing(true);
            }}
          >
            {detail.embargoUntil ? 'Change the embargo' : 'Set an embargo'}
          </button>
        ) : null}
      </div>
      {done ? <SuccessMessage>{done}</SuccessMessage> : null}
      {detail.embargoUntil ? (
        <EmbargoLine until={detail.embargoUntil} zone={zone} />
      ) : (
        <p className="muted">No embargo set. Set one when the case has a planned publication date.</p>
      )}
      {detail.embargoUntil ? (
        <p className="hint">Until then, nothing about this case may be made public — not by the ISAO, not by a vendor.</p>
      ) : null}
      {editing ? (
        <EmbargoForm
          detail={detail}
          zone={zone}
          onDone={(text) => {
            setEditing(false);
            setDone(text);
          }}
        />
      ) : null}
    </section>
  );
}
