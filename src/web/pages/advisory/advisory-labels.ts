// Plain-language labels of the CSAF vocabularies shown on the advisory pages: product statuses, remediation categories,
// match states and version verdicts, CVSS severities.
import type { AdvisoryImportResult, MatchState, VersionVerdict } from '../../api/advisories.ts';
import type { SeverityLevel } from '../../api/types.ts';

/** CSAF product_status keys, in words, with the tone of their pill; the order is the order shown. */
export const productStatusLabels: Record<string, { label: string; tone: string }> = {
  known_affected: { label: 'Affected', tone: 'pill-bad' },
  first_affected: { label: 'Affected (first affected version)', tone: 'pill-bad' },
  last_affected: { label: 'Affected (last affected version)', tone: 'pill-bad' },
  under_investigation: { label: 'Under investigation', tone: 'pill-warn' },
  fixed: { label: 'Fixed', tone: 'pill-ok' },
  first_fixed: { label: 'Fixed (first fixed version)', tone: 'pill-ok' },
  recommended: { label: 'Recommended version', tone: 'pill-ok' },
  known_not_affected: { label: 'Not affected', tone: 'pill-off' },
};

/** The label of a status key (an unknown key is shown with its underscores as spaces). */
export function productStatusLabel(status: string): { label: string; tone: string } {
  return productStatusLabels[status] ?? { label: status.replaceAll('_', ' '), tone: '' };
}

/** Sorts status keys in the order of `productStatusLabels` (unknown keys last). */
export function sortStatuses(statuses: Iterable<string>): string[] {
  const order = Object.keys(productStatusLabels);
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  return [...new Set(statuses)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** CSAF remediation categories, in words; the order is the order shown. */
export const remediationLabels: Record<string, { label: string; explanation: string }> = {
  vendor_fix: { label: 'Vendor fix', explanation: 'An update or patch from the manufacturer that removes the vulnerability.' },
  mitigation: { label: 'Mitigations', explanation: 'Measures that reduce the risk until the fix is installed.' },
  workaround: { label: 'Workarounds', explanation: 'A change in configuration or use that avoids the vulnerability.' },
  none_available: { label: 'No fix available', explanation: 'There is no fix yet.' },
  no_fix_planned: { label: 'No fix planned', explanation: 'The manufacturer does not plan to fix it (for example, end of life).' },
};

/** The label of a remediation category (an unknown one is shown with its underscores as spaces). */
export function remediationLabel(category: string): { label: string; explanation: string } {
  return remediationLabels[category] ?? { label: category.replaceAll('_', ' '), explanation: '' };
}

/** What a match's version verdict means, in words. */
export const verdictLabels: Record<VersionVerdict, { label: string; explanation: string; tone: string }> = {
  in_range: { label: 'Version in range', explanation: 'The version is within the advisory’s range.', tone: 'pill-bad' },
  all_versions: { label: 'All versions', explanation: 'The advisory says every version of the product is concerned.', tone: 'pill-bad' },
  unknown: {
    label: 'Version not compared',
    explanation: 'The advisory’s version text could not be compared — check it.',
    tone: 'pill-warn',
  },
};

/** What a match's state means, in words. */
export const matchStateLabels: Record<MatchState, { label: string; explanation: string; tone: string }> = {
  possible: { label: 'Possible', explanation: 'Found by vendor and product name; nobody has reviewed it yet.', tone: 'pill-warn' },
  confirmed: { label: 'Confirmed', explanation: 'Your organisation confirmed that the advisory concerns this version.', tone: 'pill-bad' },
  dismissed: {
    label: 'Dismissed',
    explanation: 'Your organisation decided that the advisory does not concern this version.',
    tone: 'pill-off',
  },
};

/** The outcome of one imported file, in words. */
export const importOutcomeLabels: Record<AdvisoryImportResult['outcome'], { label: string; explanation: string; tone: string }> = {
  added: { label: 'Added', explanation: 'A new advisory.', tone: 'pill-ok' },
  updated: { label: 'Newer revision', explanation: 'It replaces the revision shown until now (kept in the history).', tone: 'pill-ok' },
  unchanged: { label: 'Unchanged', explanation: 'This revision was imported before: nothing changed.', tone: 'pill-off' },
  older: {
    label: 'Older revision',
    explanation: 'Kept in the revision history; the newer revision already imported stays current.',
    tone: 'pill-warn',
  },
};

/** The CVSS v3 severity of a base score. */
export function severityOfScore(score: number): SeverityLevel {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}

const levels: readonly SeverityLevel[] = ['critical', 'high', 'medium', 'low', 'none'];

/** The severity a CSAF score states ("MEDIUM"), or the one of its base score. */
export function severityOf(severity: string | null, score: number): SeverityLevel {
  const stated = severity?.toLowerCase() as SeverityLevel | undefined;
  return stated && levels.includes(stated) ? stated : severityOfScore(score);
}

/** Only web addresses become links (never javascript: or data: addresses from a document). */
export function isWebUrl(url: string | null | undefined): url is string {
  return typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url);
}

/** "2022-09-29" from an ISO timestamp: advisories are dated in UTC days. */
export function utcDay(iso: string): string {
  return iso.slice(0, 10);
}
