// Words for disclosure cases: the ISO/IEC 30111 phases, vendor statuses, and the change log.
import type { CaseState, VendorStatus } from '../../api/cases.ts';
import { formatUtc } from '../../lib/time.ts';

/** The five ISO/IEC 30111 phases in order (the web bundle carries no zod, so not from the schema). */
export const casePhases: readonly CaseState[] = ['received', 'verified', 'remediation', 'release', 'post_release'];

/** Each state: its short name, the phase in words, and its pill. */
export const caseStateLabels: Record<CaseState, { label: string; phase: string; pill: string }> = {
  received: { label: 'Received', phase: 'Report received, to be verified', pill: 'pill case-state case-state-received' },
  verified: { label: 'Verified', phase: 'Vulnerability verified', pill: 'pill case-state case-state-verified' },
  remediation: { label: 'Remediation', phase: 'Fix being developed', pill: 'pill case-state case-state-remediation' },
  release: { label: 'Release', phase: 'Fix and advisory released', pill: 'pill case-state case-state-release' },
  post_release: { label: 'Post-release', phase: 'Follow-up after release', pill: 'pill case-state case-state-post_release' },
  closed: { label: 'Closed', phase: 'Case closed', pill: 'pill pill-off' },
};

/** The vendor statuses in the order offered. */
export const vendorStatusList: readonly VendorStatus[] = ['under_investigation', 'affected', 'not_affected', 'fixed'];

/** A vendor status in words, with what it means and its pill. */
export const vendorStatusLabels: Record<VendorStatus, { label: string; explanation: string; pill: string }> = {
  under_investigation: {
    label: 'Under investigation',
    explanation: 'You are still finding out whether your products are affected.',
    pill: 'pill pill-warn',
  },
  affected: { label: 'Affected', explanation: 'Some of your product versions have this vulnerability.', pill: 'pill pill-bad' },
  not_affected: { label: 'Not affected', explanation: 'None of your products has this vulnerability.', pill: 'pill pill-off' },
  fixed: { label: 'Fixed', explanation: 'Affected versions exist and a fixed version is available.', pill: 'pill pill-ok' },
};

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

function stateName(value: unknown): string {
  const state = text(value);
  return state && state in caseStateLabels ? caseStateLabels[state as CaseState].label : (state ?? 'another state');
}

function statusName(value: unknown): string {
  const status = text(value);
  return status && status in vendorStatusLabels ? vendorStatusLabels[status as VendorStatus].label : (status ?? 'a status');
}

/**
 * One change-log entry in words (without who and when), from its kind and detail; `names` gives the "V1 title" of a
 * vulnerability id.
 */
export function describeEvent(kind: string, detail: Record<string, unknown>, names: Map<string, string>): string {
  const id = text(detail['vulnerabilityId']);
  const vulnerability = (id ? names.get(id) : undefined) ?? (text(detail['title']) ? `“${text(detail['title'])}”` : 'a vulnerability');
  const org = text(detail['orgName']);
  switch (kind) {
    case 'created': {
      const reports = typeof detail['reports'] === 'number' ? detail['reports'] : 0;
      return reports ? `Opened the case for ${reports} ${reports === 1 ? 'report' : 'reports'}` : 'Opened the case';
    }
    case 'edited': {
      const fields = Array.isArray(detail['fields']) ? detail['fields'].filter((f): f is string => typeof f === 'string') : [];
      return fields.length ? `Changed the ${fields.join(' and ')}` : 'Changed the case';
    }
    case 'state_changed':
      return detail['to'] === 'closed'
        ? `Closed the case (it was in ${stateName(detail['from'])})`
        : `Moved the case from ${stateName(detail['from'])} to ${stateName(detail['to'])}`;
    case 'vulnerability_added':
      return `Added the vulnerability ${vulnerability}`;
    case 'vulnerability_updated':
      return `Changed the vulnerability ${vulnerability}`;
    case 'vendor_added':
      return org ? `Added the vendor ${org} and told its people by email` : 'Added a vendor';
    case 'external_vendor_added':
      return `Added the vendor ${org ?? ''} (not a member) and emailed a one-time link to ${text(detail['contactEmail']) ?? 'its contact'}`;
    case 'vendor_link_sent':
      return `Emailed a new one-time link for ${org ?? 'an external vendor'} to ${text(detail['contactEmail']) ?? 'its contact'}; the previous link no longer works`;
    case 'vendor_link_opened':
      return `Opened the one-time link for ${org ?? 'an external vendor'}`;
    case 'embargo_set': {
      const until = text(detail['embargoUntil']);
      return until ? `Set the embargo until ${formatUtc(until).replace(/:\d\d UTC$/, ' UTC')}` : 'Set an embargo';
    }
    case 'embargo_lifted':
      return 'Lifted the embargo';
    case 'advisory_published': {
      const version = text(detail['version']);
      return version === '1' ? 'Published the advisory' : `Published revision ${version ?? ''} of the advisory`;
    }
    case 'statement_made':
      return `Answered “${statusName(detail['status'])}” for ${vulnerability}${org ? ` on behalf of ${org}` : ''}`;
    default:
      return kind.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());
  }
}

/** The note given with an entry (a transition's reason), if any. */
export function eventNote(detail: Record<string, unknown>): string | null {
  return text(detail['note']);
}
