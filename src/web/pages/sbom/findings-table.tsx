// The findings table: severity and score, KEV, EPSS, component@version, vulnerability with aliases, fixed in, VEX state.
import type { Finding } from '../../api/types.ts';
import { TableFrame } from '../../components/data-table.tsx';
import { KevBadge, SeverityBadge } from '../../components/portfolio-badges.tsx';
import { formatPercent, vexStateLabels } from '../../lib/portfolio-labels.ts';

/** "name@version". */
export function componentLabel(finding: Finding): string {
  return `${finding.component.name}${finding.component.version ? `@${finding.component.version}` : ''}`;
}

/** The VEX state as a pill (and "closed" when the finding no longer applies). */
export function VexStatePill({ finding }: { finding: Finding }) {
  const tone = finding.state === 'exploitable' ? 'pill-bad' : finding.state === 'in_triage' ? 'pill-warn' : 'pill-ok';
  return (
    <>
      <span className={`pill ${tone}`}>{vexStateLabels[finding.state].label}</span>
      {finding.status === 'closed' ? (
        <span className="pill pill-off" title={finding.closedReason ?? undefined}>
          Closed
        </span>
      ) : null}
    </>
  );
}

const headers = ['Severity', 'KEV', 'EPSS', 'Component', 'Vulnerability', 'Fixed in', 'VEX state'];

/** One row per finding; the row (or its vulnerability button) opens the decision panel. */
export function FindingsTable({ items, selectedId, onOpen }: { items: Finding[]; selectedId?: string; onOpen: (f: Finding) => void }) {
  return (
    <TableFrame className="table-dense findings-table" headers={headers}>
      {items.map((f) => (
        <tr key={f.id} className={`row-clickable${f.id === selectedId ? ' row-current' : ''}`} onClick={() => onOpen(f)}>
          <td className="nowrap">
            {f.severity ? <SeverityBadge level={f.severity.level} score={f.severity.score} /> : <SeverityBadge level="unrated" />}
          </td>
          <td>{f.kev ? <KevBadge /> : <span className="muted">—</span>}</td>
          <td className="nowrap" title="EPSS: the estimated chance of exploitation in the next 30 days">
            {f.epss === null ? <span className="muted">—</span> : formatPercent(f.epss)}
          </td>
          <td>
            <code className="component-ref">{componentLabel(f)}</code>
          </td>
          <td>
            <button
              type="button"
              className="button-link vuln-id"
              onClick={(event) => {
                event.stopPropagation();
                onOpen(f);
              }}
              aria-label={`${f.vulnerability.id} on ${componentLabel(f)}: open the decision panel`}
            >
              {f.vulnerability.id}
            </button>
            {f.vulnerability.aliases.length ? <div className="muted small">{f.vulnerability.aliases.join(', ')}</div> : null}
            {f.summary ? <div className="small finding-summary">{f.summary}</div> : null}
          </td>
          <td>{f.fixed.length ? f.fixed.join(', ') : <span className="muted">No fix known</span>}</td>
          <td className="nowrap">
            <VexStatePill finding={f} />
          </td>
        </tr>
      ))}
    </TableFrame>
  );
}
