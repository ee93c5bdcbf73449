// The side panel of one finding: what was found, the VEX decision form and the history (a modal <dialog>).
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { Finding } from '../../api/types.ts';
import { DateTime } from '../../components/date-time.tsx';
import { KevBadge, SeverityBadge } from '../../components/portfolio-badges.tsx';
import { TlpBadge } from '../../components/tlp-badge.tsx';
import { formatPercent, justificationText } from '../../lib/portfolio-labels.ts';
import { FindingDecisionForm } from './finding-decision-form.tsx';
import { FindingHistoryList } from './finding-history.tsx';
import { componentLabel, VexStatePill } from './findings-table.tsx';

function FindingFacts({ finding }: { finding: Finding }) {
  const { severity } = finding;
  return (
    <dl className="details">
      <dt>Component</dt>
      <dd>
        <code>{componentLabel(finding)}</code>
        {finding.component.purl ? <div className="muted small">{finding.component.purl}</div> : null}
        {finding.component.cpe ? <div className="muted small">{finding.component.cpe}</div> : null}
      </dd>
      <dt>Severity</dt>
      <dd>
        {severity ? <SeverityBadge level={severity.level} score={severity.score} /> : <SeverityBadge level="unrated" />}
        {severity?.vector ? <div className="muted small">{severity.vector}</div> : null}
      </dd>
      <dt>Exploitation</dt>
      <dd>
        {finding.kev ? <KevBadge /> : 'Not in the KEV catalog'}
        {finding.epss !== null ? <span className="muted"> · EPSS {formatPercent(finding.epss)} chance in the next 30 days</span> : null}
      </dd>
      {finding.vulnerability.aliases.length ? (
        <>
          <dt>Also known as</dt>
          <dd>{finding.vulnerability.aliases.join(', ')}</dd>
        </>
      ) : null}
      <dt>Fixed in</dt>
      <dd>{finding.fixed.length ? finding.fixed.join(', ') : 'No fixed version is known'}</dd>
      <dt>Matched by</dt>
      <dd>{finding.matchedBy === 'purl' ? 'Package URL (purl)' : 'CPE'}</dd>
      <dt>State</dt>
      <dd>
        <VexStatePill finding={finding} />
        {finding.justification ? <span className="muted small"> ({justificationText(finding.justification)})</span> : null}
        {finding.closedReason ? <div className="muted small">{finding.closedReason}</div> : null}
      </dd>
      <dt>Found</dt>
      <dd>
        <DateTime value={finding.openedAt} /> <span className="muted small">· updated</span> <DateTime value={finding.updatedAt} />
      </dd>
    </dl>
  );
}

/** A modal side panel; Escape or "Close" closes it. */
export function FindingDialog({ finding, canDecide, onClose }: { finding: Finding; canDecide: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [current, setCurrent] = useState(finding);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const titleId = `finding-${finding.id}-title`;
  return (
    <dialog
      ref={ref}
      className="drawer"
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: let React unmount the panel (closing it here would also fire after an unmount in strict mode).
        event.preventDefault();
        onClose();
      }}
    >
      <div className="drawer-head">
        <div>
          <h2 id={titleId}>{current.vulnerability.id}</h2>
          <p className="muted small">
            on <code>{componentLabel(current)}</code> ·{' '}
            <Link to={`/vulnerabilities/${encodeURIComponent(current.vulnerability.id)}`}>
              About this vulnerability and your other versions
            </Link>
          </p>
        </div>
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="drawer-body stack">
        <p className="confidential-note">
          <TlpBadge tlp="AMBER+STRICT" /> Visible only to your organisation.
        </p>
        {current.summary ? <p>{current.summary}</p> : null}
        <FindingFacts finding={current} />
        {canDecide ? (
          <FindingDecisionForm finding={current} onSaved={setCurrent} />
        ) : (
          <p className="muted">Your role lets you read findings; people who may write record the decisions.</p>
        )}
        <FindingHistoryList findingId={current.id} />
      </div>
    </dialog>
  );
}
