// Small badges of the portfolio: severity, KEV, NTIA verdict, visibility, finding counts and calendar dates.
import type { FindingCounts, ProductVisibility, SeverityLevel } from '../api/types.ts';
import { severityLabels, verdictInfo, visibilityLabels } from '../lib/portfolio-labels.ts';
import { formatCalendarDate } from '../lib/time.ts';

/** "High 7.5": the level's colour, the level written out, the CVSS score when known. */
export function SeverityBadge({ level, score }: { level: SeverityLevel | 'unrated'; score?: number | null }) {
  return (
    <span className={`sev sev-${level}`}>
      {severityLabels[level]}
      {score !== undefined && score !== null ? <span className="sev-score"> {score.toFixed(1)}</span> : null}
    </span>
  );
}

/** The CISA Known Exploited Vulnerabilities badge ("KEV" or "3 KEV"). */
export function KevBadge({ count }: { count?: number }) {
  return (
    <span className="kev" title="In CISA’s Known Exploited Vulnerabilities catalog: attackers are using it. Handle first.">
      {count !== undefined ? `${count} ` : ''}KEV
    </span>
  );
}

/** The NTIA minimum-elements verdict as a pill. */
export function VerdictBadge({ verdict }: { verdict: string }) {
  const info = verdictInfo(verdict);
  return <span className={`pill ${info.className}`}>{info.label}</span>;
}

/** Who may see a product, with the explanation on hover. */
export function VisibilityBadge({ visibility }: { visibility: ProductVisibility }) {
  const info = visibilityLabels[visibility];
  const className = visibility === 'own_org' ? 'pill-off' : visibility === 'public' ? 'pill-warn' : '';
  return (
    <span className={`pill ${className}`} title={info.explanation}>
      {info.label}
    </span>
  );
}

const countedLevels = ['critical', 'high', 'medium', 'low', 'none', 'unrated'] as const;

/** Open findings: the total, a KEV badge when any is known exploited, and the non-zero severities. */
export function FindingCountsView({ counts, compact = false }: { counts: FindingCounts | null; compact?: boolean }) {
  if (!counts) {
    return (
      <span className="muted" title="Findings are shown only to the product’s own organisation.">
        —
      </span>
    );
  }
  if (counts.open === 0) return <span className="muted">None open</span>;
  const levels = countedLevels.filter((level) => counts.bySeverity[level] > 0);
  return (
    <span className="finding-counts">
      <strong>{counts.open} open</strong>
      {counts.kev > 0 ? <KevBadge count={counts.kev} /> : null}
      {compact
        ? null
        : levels.map((level) => (
            <span key={level} className={`sev sev-${level}`}>
              {counts.bySeverity[level]} {severityLabels[level].toLowerCase()}
            </span>
          ))}
    </span>
  );
}

/** A calendar date ("2025-03-12") or a dash. */
export function CalendarDate({ value }: { value: string | null }) {
  if (!value) return <span className="muted">—</span>;
  return <time dateTime={value}>{formatCalendarDate(value)}</time>;
}
