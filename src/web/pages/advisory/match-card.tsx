// One possible match of an advisory to a product version of my organisation: why it was found, what the version text
// says, its state, and (for people who manage the product) Confirm / Dismiss / Back to possible with an optional note.
import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { type AdvisoryMatch, type MatchState, useDecideMatch } from '../../api/advisories.ts';
import { DateTime } from '../../components/date-time.tsx';
import { TextField } from '../../components/fields.tsx';
import { ErrorBanner, SuccessMessage } from '../../components/messages.tsx';
import { matchStateLabels, verdictLabels } from './advisory-labels.ts';

const actions: Record<MatchState, { to: MatchState; label: string; className: string }[]> = {
  possible: [
    { to: 'confirmed', label: 'Confirm', className: 'button button-primary' },
    { to: 'dismissed', label: 'Dismiss', className: 'button' },
  ],
  confirmed: [
    { to: 'dismissed', label: 'Dismiss', className: 'button' },
    { to: 'possible', label: 'Back to possible', className: 'button' },
  ],
  dismissed: [
    { to: 'confirmed', label: 'Confirm', className: 'button button-primary' },
    { to: 'possible', label: 'Back to possible', className: 'button' },
  ],
};

function Decision({ match }: { match: AdvisoryMatch }) {
  const decide = useDecideMatch(match.advisoryId, match.productVersionId);
  const [note, setNote] = useState(match.note);
  const [saved, setSaved] = useState<MatchState | null>(null);
  return (
    <div className="match-decision">
      <div className="form-inline">
        <TextField
          label="Note (optional)"
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="Why it does or does not concern this version, for your colleagues"
        />
        <div className="actions">
          {actions[match.state].map((action) => (
            <button
              key={action.to}
              type="button"
              className={action.className}
              disabled={decide.isPending}
              onClick={() => {
                setSaved(null);
                decide.mutate({ state: action.to, note: note.trim() }, { onSuccess: (m) => setSaved(m.state) });
              }}
            >
              {action.label}
            </button>
          ))}
        </div>
      </div>
      <ErrorBanner title="The decision was not saved." error={decide.error} />
      {saved ? <SuccessMessage>Saved: {matchStateLabels[saved].label}.</SuccessMessage> : null}
    </div>
  );
}

/** The card; `context` says which page it is on (the other side of the match is the title). */
export function MatchCard({ match, context, canDecide }: { match: AdvisoryMatch; context: 'advisory' | 'product'; canDecide: boolean }) {
  const headingId = useId();
  const state = matchStateLabels[match.state];
  const verdict = verdictLabels[match.versionVerdict];
  return (
    <article className={`match-card match-${match.state}`} aria-labelledby={headingId}>
      <div className="match-head">
        <h3 id={headingId}>
          {context === 'advisory' ? (
            <>
              <Link to={`/products/${match.productId}`}>{match.productName}</Link> version {match.version}
            </>
          ) : (
            <>
              <Link to={`/advisories/${match.advisoryId}`}>{match.advisoryTitle}</Link>
              <span className="title-note">
                {match.advisoryTrackingId} · your version {match.version}
              </span>
            </>
          )}
        </h3>
        <span className="finding-counts">
          <span className={`pill pill-tight ${state.tone}`} title={state.explanation}>
            {state.label}
          </span>
          <span className={`pill pill-tight ${verdict.tone}`}>{verdict.label}</span>
        </span>
      </div>
      <dl className="details match-facts">
        <dt>Why</dt>
        <dd>{match.reason}</dd>
        <dt>Version</dt>
        <dd>
          {verdict.explanation}
          {match.csafProducts.length ? (
            <ul className="plain-list small match-products">
              {match.csafProducts.map((p) => (
                <li key={p.productId}>
                  {p.name}
                  {p.versionText && !p.name.includes(p.versionText) ? (
                    <>
                      {' '}
                      <span className="muted">— version text “{p.versionText}”</span>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </dd>
        <dt>State</dt>
        <dd>
          {state.explanation}
          {match.decidedAt ? (
            <span className="muted small">
              {' '}
              ({state.label.toLowerCase()} by {match.decidedBy ?? 'someone'}, <DateTime value={match.decidedAt} />)
            </span>
          ) : (
            <span className="muted small">
              {' '}
              (found <DateTime value={match.matchedAt} />)
            </span>
          )}
          {match.note && !canDecide ? <p className="prewrap match-note">Note: {match.note}</p> : null}
        </dd>
      </dl>
      {canDecide ? <Decision match={match} /> : null}
    </article>
  );
}
